package dev.ownkms.api;

/** The model's {@code GetKeyPolicyResponse}. */
public record GetKeyPolicyResponse(String policy, String policyName) { }
