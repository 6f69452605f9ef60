package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.KeyPolicies;
import dev.ownkms.domain.KeyService;
import dev.ownkms.error.KmsException.InvalidMarkerException;

/** GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (kms-contract.md §2.27–2.28). */
public final class PolicyApi {

  private final KeyService keys;
  private final PolicyDocuments policies;

  public PolicyApi(KeyService keys, PolicyDocuments policies) {
    this.keys = keys;
    this.policies = policies;
  }

  public GetKeyPolicyResponse getKeyPolicy(Caller caller, GetKeyPolicyRequest request) {
    String name = nameOrDefault(request.policyName());
    return new GetKeyPolicyResponse(keys.policy(caller, request.keyId(), name), name);
  }

  public NoOutput putKeyPolicy(Caller caller, PutKeyPolicyRequest request) {
    policies.check(caller, request.policy(), request.bypassPolicyLockoutSafetyCheck());
    keys.putPolicy(caller, request.keyId(), nameOrDefault(request.policyName()), request.policy());
    return NoOutput.INSTANCE;
  }

  public ListKeyPoliciesResponse listKeyPolicies(Caller caller, ListKeyPoliciesRequest request) {
    if (request.marker() != null) {
      // Every key has one policy, so no listing has a second page to point at.
      throw new InvalidMarkerException();
    }
    return new ListKeyPoliciesResponse(keys.policyNames(caller, request.keyId()), null, false);
  }

  private static String nameOrDefault(String policyName) {
    return policyName == null ? KeyPolicies.DEFAULT_NAME : policyName;
  }
}
