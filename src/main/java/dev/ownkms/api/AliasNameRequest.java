package dev.ownkms.api;

/** The model's {@code DeleteAliasRequest}. */
public record AliasNameRequest(String aliasName) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.aliasName(v, aliasName);
  }
}
