package dev.ownkms.api;

/** The model's {@code GetKeyPolicyRequest} (kms-contract.md §2.27). */
public record GetKeyPolicyRequest(String keyId, String policyName) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    Members.policyName(v, policyName);
  }
}
