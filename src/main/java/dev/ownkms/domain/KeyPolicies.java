package dev.ownkms.domain;

/** The key policy AWS attaches when CreateKey has none (kms-errors.md §7), byte for byte. */
public final class KeyPolicies {

  /** The only policy name KMS knows. */
  public static final String DEFAULT_NAME = "default";

  private KeyPolicies() { }

  public static String defaultPolicy(Caller owner) {
    return """
        {
          "Version" : "2012-10-17",
          "Id" : "key-default-1",
          "Statement" : [ {
            "Sid" : "Enable IAM User Permissions",
            "Effect" : "Allow",
            "Principal" : {
              "AWS" : "arn:%s:iam::%s:root"
            },
            "Action" : "kms:*",
            "Resource" : "*"
          } ]
        }""".formatted(owner.partition(), owner.accountId());
  }
}
