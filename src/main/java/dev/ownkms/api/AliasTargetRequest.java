package dev.ownkms.api;

/** CreateAlias and UpdateAlias requests: both take an alias name and a target key id or ARN. */
public record AliasTargetRequest(String aliasName, String targetKeyId) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.aliasName(v, aliasName);
    Members.keyId(v, "targetKeyId", targetKeyId);
  }
}
