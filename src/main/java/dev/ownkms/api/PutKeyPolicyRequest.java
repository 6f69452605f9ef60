package dev.ownkms.api;

/** The model's {@code PutKeyPolicyRequest} (kms-contract.md §2.28). */
public record PutKeyPolicyRequest(
    String keyId, String policyName, String policy, Boolean bypassPolicyLockoutSafetyCheck)
    implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    Members.policyName(v, policyName);
    if (v.required("policy", policy)) {
      Members.policy(v, policy);
    }
  }
}
