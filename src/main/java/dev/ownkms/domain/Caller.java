package dev.ownkms.domain;

/**
 * Who is calling and where: the account (from the access key) and the Region (from the SigV4
 * scope). Every key, alias and ARN is scoped by both.
 */
public record Caller(String accountId, String region) {

  /** The ARN partition of the caller's Region (aws-cn and aws-us-gov have their own). */
  public String partition() {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }

  /** The ARN of the key with this id in the caller's account and Region. */
  public String keyArn(String keyId) {
    return "arn:" + partition() + ":kms:" + region + ":" + accountId + ":key/" + keyId;
  }

  /** The ARN of an alias ({@code alias/...}) in the caller's account and Region. */
  public String aliasArn(String aliasName) {
    return "arn:" + partition() + ":kms:" + region + ":" + accountId + ":" + aliasName;
  }

  /** The account's root principal: what an XKS proxy is told made the call (xks.md §1.3). */
  public String principalArn() {
    return "arn:" + partition() + ":iam::" + accountId + ":root";
  }
}
