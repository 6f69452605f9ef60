"""GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (kms-contract.md §2.27–2.28,
kms-errors.md §7)."""

import json

import pytest

from kmstest import DEFAULT_ACCOUNT, default_policy, expect_error, key_arn


@pytest.fixture
def key_id(kms):
    return kms.create_key()["KeyMetadata"]["KeyId"]


def admin_policy(sid="Admin", account=DEFAULT_ACCOUNT):
    return json.dumps({
        "Version": "2012-10-17",
        "Id": "test-policy",
        "Statement": [{
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }],
    })


LOCKOUT_POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "Read only",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"},
        "Action": ["kms:DescribeKey", "kms:GetKeyPolicy"],
        "Resource": "*",
    }],
})


def test_get_key_policy_returns_default_policy_and_echoes_policy_name(kms, key_id):
    response = kms.get_key_policy(KeyId=key_id, PolicyName="default")
    assert response["Policy"] == default_policy(DEFAULT_ACCOUNT)
    assert response["PolicyName"] == "default"


def test_get_key_policy_without_policy_name_uses_default(kms, key_id):
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_get_key_policy_accepts_key_arn(kms, key_id):
    assert kms.get_key_policy(KeyId=key_arn(key_id))["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_default_policy_is_valid_json_granting_the_account_root_everything(kms, key_id):
    document = json.loads(kms.get_key_policy(KeyId=key_id)["Policy"])
    [statement] = document["Statement"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"}
    assert statement["Action"] == "kms:*"


def test_put_key_policy_then_get_returns_the_text_verbatim(kms, key_id):
    # Odd but valid formatting: the server must store the text, not a re-serialisation.
    policy = ('{"Version":"2012-10-17",  "Statement":[\n\t{"Sid":"Verbatim","Effect":"Allow",'
              f'"Principal":{{"AWS":"arn:aws:iam::{DEFAULT_ACCOUNT}:root"}},'
              '"Action":"kms:*","Resource":"*"}]}')
    response = kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"] == policy


def test_put_key_policy_without_policy_name_replaces_default(kms, key_id):
    policy = admin_policy("NoName")
    kms.put_key_policy(KeyId=key_id, Policy=policy)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == policy


def test_put_key_policy_accepts_key_arn(kms, key_id):
    policy = admin_policy("ByArn")
    kms.put_key_policy(KeyId=key_arn(key_id), PolicyName="default", Policy=policy)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == policy


def test_put_key_policy_replaces_previous_policy(kms, key_id):
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=admin_policy("First"))
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=admin_policy("Second"))
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == admin_policy("Second")


def test_put_key_policy_that_locks_out_caller_fails_as_malformed(kms, key_id):
    expect_error(lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default",
                                            Policy=LOCKOUT_POLICY),
                 "MalformedPolicyDocumentException")
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_put_key_policy_that_locks_out_caller_is_accepted_with_bypass(kms, key_id):
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=LOCKOUT_POLICY,
                       BypassPolicyLockoutSafetyCheck=True)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == LOCKOUT_POLICY


@pytest.mark.parametrize("policy", ["{not json", "[1, 2", '{"Version": "2012-10-17",'],
                         ids=["unquoted", "truncated-array", "truncated-object"])
def test_put_key_policy_with_invalid_json_fails_as_malformed(kms, key_id, policy):
    expect_error(lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
                 "MalformedPolicyDocumentException")
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_put_key_policy_on_disabled_key_is_allowed(kms, key_id):
    kms.disable_key(KeyId=key_id)
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=admin_policy("Disabled"))
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == admin_policy("Disabled")


def test_list_key_policies_names_only_default(kms, key_id):
    response = kms.list_key_policies(KeyId=key_id)
    assert response["PolicyNames"] == ["default"]
    assert response["Truncated"] is False


def test_list_key_policies_accepts_key_arn(kms, key_id):
    assert kms.list_key_policies(KeyId=key_arn(key_id))["PolicyNames"] == ["default"]


def test_list_key_policies_of_unknown_key_is_not_found(kms):
    expect_error(lambda: kms.list_key_policies(KeyId="9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
                 "NotFoundException",
                 "Key 'arn:aws:kms:us-east-1:111122223333:key/"
                 "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' does not exist")


def padded_policy(total_length):
    """A valid admin policy whose text is exactly `total_length` characters (ASCII)."""
    template = admin_policy("PAD")
    return template.replace("PAD", "P" * (total_length - len(template) + 3))


def test_put_key_policy_of_32768_bytes_is_accepted(kms, key_id):
    policy = padded_policy(32768)
    assert len(policy) == 32768
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == policy


def test_put_key_policy_over_32768_bytes_fails_with_limit_exceeded(kms, key_id):
    # kms-contract.md §1.6 and §3: the 32 KB quota answers LimitExceededException.
    policy = padded_policy(32769)
    expect_error(lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
                 "LimitExceededException")
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_put_key_policy_over_131072_characters_fails_validation(kms, key_id):
    policy = padded_policy(131073)
    response = expect_error(
        lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
        "ValidationException")
    assert response["Error"]["Message"].endswith(
        "at 'policy' failed to satisfy constraint: Member must have length less than or equal "
        "to 131072")


def test_put_key_policy_with_character_outside_latin1_fails_validation(kms, key_id):
    policy = admin_policy("Euro").replace('"Euro"', '"Euro\u20ac"')
    response = expect_error(
        lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
        "ValidationException")
    assert "at 'policy' failed to satisfy constraint: Member must satisfy regular expression " \
        "pattern" in response["Error"]["Message"]


def test_get_key_policy_with_malformed_policy_name_fails_pattern(kms, key_id):
    expect_error(lambda: kms.get_key_policy(KeyId=key_id, PolicyName="bad name!"),
                 "ValidationException",
                 "1 validation error detected: Value 'bad name!' at 'policyName' failed to satisfy "
                 "constraint: Member must satisfy regular expression pattern: [\\w]+")


def policy_with(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ROOT = {"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"}


def test_put_key_policy_whose_deny_blocks_put_key_policy_fails_as_malformed(kms, key_id):
    # An explicit Deny beats the Allow: the caller could not change the policy again.
    policy = policy_with(
        {"Sid": "Allow all", "Effect": "Allow", "Principal": ROOT, "Action": "kms:*",
         "Resource": "*"},
        {"Sid": "Deny policy changes", "Effect": "Deny", "Principal": ROOT,
         "Action": "kms:PutKeyPolicy", "Resource": "*"})
    expect_error(lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
                 "MalformedPolicyDocumentException")


@pytest.mark.parametrize("action", ["kms:PutKeyPolicy", "kms:Put*", ["kms:DescribeKey",
                                                                      "kms:PutKeyPolicy"]],
                         ids=["exact", "wildcard", "list"])
def test_put_key_policy_that_still_allows_put_key_policy_is_accepted(kms, key_id, action):
    policy = policy_with({"Sid": "Keep control", "Effect": "Allow", "Principal": ROOT,
                          "Action": action, "Resource": "*"})
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == policy


@pytest.mark.parametrize("policy", ["[]", '"a string"', "42"], ids=["array", "string", "number"])
def test_put_key_policy_whose_json_is_not_an_object_fails_as_malformed(kms, key_id, policy):
    expect_error(lambda: kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy),
                 "MalformedPolicyDocumentException")
