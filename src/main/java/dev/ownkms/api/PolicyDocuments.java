package dev.ownkms.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.domain.Caller;
import dev.ownkms.error.KmsException.LimitExceededException;
import dev.ownkms.error.KmsException.MalformedPolicyDocumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a key policy before it is stored (kms-contract.md §2.28): the 32 KB quota, the policy
 * grammar's outline (statements with an effect and a principal), and the lockout safety check —
 * the policy must let the account call PutKeyPolicy again unless the caller bypasses the check.
 * Policies are stored, not yet evaluated.
 */
public final class PolicyDocuments {

  /** The documented key policy quota, in bytes, below the model's 131,072 characters. */
  static final int MAX_POLICY_BYTES = 32_768;

  private static final String LOCKOUT = "The new key policy will not allow you to update the key"
      + " policy in the future.";

  private final ObjectMapper json = new ObjectMapper();

  public void check(Caller caller, String policy, Boolean bypassLockoutCheck) {
    if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
      throw new LimitExceededException("The key policy is larger than the maximum of "
          + MAX_POLICY_BYTES + " bytes.");
    }
    List<JsonNode> statements = statements(policy);
    if (!Boolean.TRUE.equals(bypassLockoutCheck)
        && (statements.stream().noneMatch(s -> concernsPutPolicy(caller, s, "Allow"))
            || statements.stream().anyMatch(s -> concernsPutPolicy(caller, s, "Deny")))) {
      // An explicit Deny wins over any Allow, as in IAM policy evaluation.
      throw new MalformedPolicyDocumentException(LOCKOUT);
    }
  }

  private List<JsonNode> statements(String policy) {
    JsonNode document;
    try {
      document = json.readTree(policy);
    } catch (JsonProcessingException e) {
      throw new MalformedPolicyDocumentException("The key policy is not a valid JSON document.");
    }
    if (document == null || !document.isObject() || !document.has("Statement")) {
      throw new MalformedPolicyDocumentException("The key policy must be a JSON object with a"
          + " Statement.");
    }
    List<JsonNode> statements = new ArrayList<>();
    JsonNode statement = document.get("Statement");
    if (statement.isArray()) {
      statement.forEach(statements::add);
    } else {
      statements.add(statement);
    }
    for (JsonNode s : statements) {
      String effect = s.path("Effect").asText("");
      if (!s.isObject() || !(effect.equals("Allow") || effect.equals("Deny"))) {
        throw new MalformedPolicyDocumentException(
            "Policy contains a statement without a valid Effect (Allow or Deny).");
      }
      if (!s.has("Principal") && !s.has("NotPrincipal")) {
        throw new MalformedPolicyDocumentException("Policy contains a statement with no principal.");
      }
    }
    return statements;
  }

  /** An unconditional statement of this effect on PutKeyPolicy for the caller's account. */
  private static boolean concernsPutPolicy(Caller caller, JsonNode statement, String effect) {
    return statement.path("Effect").asText().equals(effect)
        && !statement.has("Condition")
        && principals(statement.get("Principal")).stream().anyMatch(p -> isAccount(caller, p))
        && values(statement.get("Action")).stream().anyMatch(PolicyDocuments::coversPutKeyPolicy);
  }

  private static List<String> principals(JsonNode principal) {
    if (principal == null) {
      return List.of();
    }
    if (principal.isTextual()) {
      return List.of(principal.asText());
    }
    return values(principal.get("AWS"));
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node != null && node.isTextual()) {
      values.add(node.asText());
    } else if (node != null && node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    }
    return values;
  }

  /** The account itself, anyone, or any principal of the account. */
  private static boolean isAccount(Caller caller, String principal) {
    return principal.equals("*")
        || principal.equals(caller.accountId())
        || principal.startsWith("arn:" + caller.partition() + ":iam::" + caller.accountId() + ":");
  }

  private static boolean coversPutKeyPolicy(String action) {
    String a = action.toLowerCase(Locale.ROOT);
    return a.equals("*") || a.startsWith("kms:") && globMatches(a.substring(4), "putkeypolicy");
  }

  /** IAM action wildcards: {@code *} any run, {@code ?} any one character, all else literal. */
  static boolean globMatches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
