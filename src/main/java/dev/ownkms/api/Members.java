package dev.ownkms.api;

import java.util.List;
import java.util.regex.Pattern;

/** Constraints of member shapes that many requests share (kms-contract.md §1.5, §2.0). */
final class Members {

  static final String MARKER_PATTERN = "[\\u0020-\\u00FF]*";
  static final String POLICY_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
  static final String POLICY_NAME_PATTERN = "[\\w]+";
  static final String ALIAS_NAME_PATTERN = "^[a-zA-Z0-9:/_-]+$";

  private static final Pattern MARKER = Pattern.compile(MARKER_PATTERN);
  private static final Pattern POLICY = Pattern.compile(POLICY_PATTERN);
  private static final Pattern POLICY_NAME = Pattern.compile(POLICY_NAME_PATTERN);
  private static final Pattern ALIAS_NAME = Pattern.compile(ALIAS_NAME_PATTERN);

  static final WireEnum ENCRYPTION_ALGORITHM = WireEnum.of(
      List.of("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"));
  static final WireEnum DRY_RUN_MODIFIER = WireEnum.of(List.of("IGNORE_CIPHERTEXT"));

  private Members() { }

  /** DryRun with IGNORE_CIPHERTEXT: the ciphertext is not required (kms-contract.md §2.15). */
  static boolean ignoresCiphertext(Boolean dryRun, List<String> modifiers) {
    return Boolean.TRUE.equals(dryRun) && modifiers != null
        && modifiers.contains("IGNORE_CIPHERTEXT");
  }

  static void dryRunModifiers(Violations v, List<String> modifiers) {
    if (modifiers != null) {
      for (int i = 0; i < modifiers.size(); i++) {
        v.oneOf("dryRunModifiers." + (i + 1) + ".member", modifiers.get(i), DRY_RUN_MODIFIER);
      }
    }
  }

  /** A required KeyIdType member. */
  static void keyId(Violations v, String path, String value) {
    if (v.required(path, value)) {
      v.length(path, value, 1, 2048);
    }
  }

  static void limitAndMarker(Violations v, Integer limit, String marker) {
    v.range("limit", limit, 1, 1000);
    v.length("marker", marker, 1, 1024).pattern("marker", marker, MARKER, MARKER_PATTERN);
  }

  static void grantTokens(Violations v, List<String> tokens) {
    v.size("grantTokens", tokens, 0, 10);
    if (tokens != null) {
      for (int i = 0; i < tokens.size(); i++) {
        String path = "grantTokens." + (i + 1) + ".member";
        if (v.required(path, tokens.get(i))) {
          v.length(path, tokens.get(i), 1, 8192);
        }
      }
    }
  }

  static void tags(Violations v, List<TagEntry> tags) {
    if (tags == null) {
      return;
    }
    for (int i = 0; i < tags.size(); i++) {
      String path = "tags." + (i + 1) + ".member";
      TagEntry tag = tags.get(i);
      if (v.required(path, tag)) {
        if (v.required(path + ".tagKey", tag.tagKey())) {
          v.length(path + ".tagKey", tag.tagKey(), 1, 128);
        }
        if (v.required(path + ".tagValue", tag.tagValue())) {
          v.length(path + ".tagValue", tag.tagValue(), 0, 256);
        }
      }
    }
  }

  static void description(Violations v, String description) {
    v.length("description", description, 0, 8192);
  }

  static void policy(Violations v, String policy) {
    v.length("policy", policy, 1, 131072).pattern("policy", policy, POLICY, POLICY_PATTERN);
  }

  static void policyName(Violations v, String policyName) {
    v.length("policyName", policyName, 1, 128)
        .pattern("policyName", policyName, POLICY_NAME, POLICY_NAME_PATTERN);
  }

  static void aliasName(Violations v, String aliasName) {
    if (v.required("aliasName", aliasName)) {
      v.length("aliasName", aliasName, 1, 256)
          .pattern("aliasName", aliasName, ALIAS_NAME, ALIAS_NAME_PATTERN);
    }
  }

  /** The page size: the client's Limit, capped at what this listing returns at most. */
  static int pageSize(Integer limit, int byDefault, int max) {
    return limit == null ? byDefault : Math.min(limit, max);
  }
}
