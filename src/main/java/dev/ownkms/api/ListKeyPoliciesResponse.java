package dev.ownkms.api;

import java.util.List;

/** The model's {@code ListKeyPoliciesResponse}. */
public record ListKeyPoliciesResponse(
    List<String> policyNames, String nextMarker, Boolean truncated) { }
