"""CreateKey (kms-contract.md §2.7, KeyMetadata presence rules §2.0,
default policy kms-errors.md §7)."""

import json

import pytest

from kmstest import (DEFAULT_ACCOUNT, REGION, assert_standard_symmetric_metadata, default_policy,
                     expect_error, key_arn, validation_message)

def test_create_key_without_arguments_returns_enabled_symmetric_default_key(kms):
    response = kms.create_key()
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert_standard_symmetric_metadata(response["KeyMetadata"])


def test_create_key_with_explicit_symmetric_spec_and_usage_is_accepted(kms):
    metadata = kms.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="ENCRYPT_DECRYPT",
                              Origin="AWS_KMS")["KeyMetadata"]
    assert_standard_symmetric_metadata(metadata)


def test_create_key_with_deprecated_customer_master_key_spec_symmetric_is_accepted(kms):
    metadata = kms.create_key(CustomerMasterKeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    assert_standard_symmetric_metadata(metadata)


def test_create_key_returns_distinct_key_ids(kms):
    ids = {kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(3)}
    assert len(ids) == 3


def test_create_key_keeps_description(kms):
    description = "payments key ü \U0001F511 \"quoted\" \\ back\nslash"
    metadata = kms.create_key(Description=description)["KeyMetadata"]
    assert metadata["Description"] == description
    described = kms.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]
    assert described["Description"] == description


def test_create_key_accepts_description_of_8192_characters(kms):
    description = "d" * 8192
    metadata = kms.create_key(Description=description)["KeyMetadata"]
    assert metadata["Description"] == description


def test_create_key_with_description_over_8192_characters_fails_validation(kms):
    description = "d" * 8193
    expect_error(lambda: kms.create_key(Description=description), "ValidationException",
                 validation_message(description, "description",
                                    "Member must have length less than or equal to 8192"))


def test_create_key_in_a_12_digit_account_reports_that_account(fresh_account):
    metadata = fresh_account.create_key()["KeyMetadata"]
    assert_standard_symmetric_metadata(metadata, account=fresh_account.account_id)


def test_create_key_with_tags_attaches_them(kms):
    tags = [{"TagKey": "team", "TagValue": "payments"}, {"TagKey": "empty", "TagValue": ""}]
    key_id = kms.create_key(Tags=tags)["KeyMetadata"]["KeyId"]
    listed = kms.list_resource_tags(KeyId=key_id)["Tags"]
    assert sorted(listed, key=lambda t: t["TagKey"]) == sorted(tags, key=lambda t: t["TagKey"])


def test_create_key_with_duplicate_tag_keys_fails_with_tag_exception(kms):
    tags = [{"TagKey": "k", "TagValue": "1"}, {"TagKey": "k", "TagValue": "2"}]
    expect_error(lambda: kms.create_key(Tags=tags), "TagException", "Duplicate tag keys")


def test_create_key_with_50_tags_is_accepted(kms):
    tags = [{"TagKey": f"key{i}", "TagValue": f"v{i}"} for i in range(50)]
    key_id = kms.create_key(Tags=tags)["KeyMetadata"]["KeyId"]
    assert len(kms.list_resource_tags(KeyId=key_id, Limit=50)["Tags"]) == 50


def test_create_key_without_policy_gets_default_policy_of_callers_account(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    response = kms.get_key_policy(KeyId=key_id, PolicyName="default")
    assert response["Policy"] == default_policy(DEFAULT_ACCOUNT)


def test_create_key_default_policy_names_the_12_digit_account(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    policy = fresh_account.get_key_policy(KeyId=key_id)["Policy"]
    assert policy == default_policy(fresh_account.account_id)


def allow_all_policy(account=DEFAULT_ACCOUNT, sid="Allow admin"):
    return json.dumps({
        "Version": "2012-10-17",
        "Id": "custom-policy",
        "Statement": [{
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }],
    }, indent=1)


def lockout_policy(account=DEFAULT_ACCOUNT):
    """Lets the account only describe the key: the caller could not PutKeyPolicy later."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Describe only",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:DescribeKey",
            "Resource": "*",
        }],
    })


def test_create_key_with_policy_stores_it_verbatim(kms):
    policy = allow_all_policy(sid="Created with key")
    key_id = kms.create_key(Policy=policy)["KeyMetadata"]["KeyId"]
    assert kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"] == policy


def test_create_key_with_lockout_policy_fails_as_malformed_policy(kms):
    expect_error(lambda: kms.create_key(Policy=lockout_policy()),
                 "MalformedPolicyDocumentException")


def test_create_key_with_lockout_policy_and_bypass_is_accepted(kms):
    policy = lockout_policy()
    metadata = kms.create_key(Policy=policy, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]
    assert metadata["KeyState"] == "Enabled"


def test_create_key_with_policy_that_is_not_json_fails_as_malformed_policy(kms):
    expect_error(lambda: kms.create_key(Policy="{not json"), "MalformedPolicyDocumentException")


# Every KeySpec but SYMMETRIC_DEFAULT, with a KeyUsage AWS accepts for it (§2.7 valid pairs),
# so that the only thing wrong is that OwnKMS does not support the spec.
UNSUPPORTED_SPECS = [
    ("RSA_2048", "ENCRYPT_DECRYPT"), ("RSA_3072", "SIGN_VERIFY"), ("RSA_4096", "SIGN_VERIFY"),
    ("ECC_NIST_P256", "SIGN_VERIFY"), ("ECC_NIST_P384", "KEY_AGREEMENT"),
    ("ECC_NIST_P521", "SIGN_VERIFY"), ("ECC_SECG_P256K1", "SIGN_VERIFY"),
    ("HMAC_224", "GENERATE_VERIFY_MAC"), ("HMAC_256", "GENERATE_VERIFY_MAC"),
    ("HMAC_384", "GENERATE_VERIFY_MAC"), ("HMAC_512", "GENERATE_VERIFY_MAC"),
    ("SM2", "SIGN_VERIFY"), ("ML_DSA_44", "SIGN_VERIFY"), ("ML_DSA_65", "SIGN_VERIFY"),
    ("ML_DSA_87", "SIGN_VERIFY"), ("ECC_NIST_EDWARDS25519", "SIGN_VERIFY"),
]


@pytest.mark.parametrize("spec,usage", UNSUPPORTED_SPECS, ids=[s for s, _ in UNSUPPORTED_SPECS])
def test_create_key_with_non_symmetric_spec_is_unsupported_and_names_the_spec(kms, spec, usage):
    response = expect_error(lambda: kms.create_key(KeySpec=spec, KeyUsage=usage),
                            "UnsupportedOperationException")
    assert spec in response["Error"]["Message"]


def test_create_key_with_deprecated_customer_master_key_spec_rsa_is_unsupported(kms):
    response = expect_error(
        lambda: kms.create_key(CustomerMasterKeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"),
        "UnsupportedOperationException")
    assert "RSA_2048" in response["Error"]["Message"]


def test_create_key_with_sign_verify_usage_for_symmetric_spec_is_incompatible(kms):
    # §2.7: incompatible pairs use the recorded form
    # "KeyUsage <usage> is not compatible with KeySpec <spec>".
    expect_error(lambda: kms.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="SIGN_VERIFY"),
                 "ValidationException",
                 "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT")


def test_create_key_with_unsupported_spec_creates_no_key(fresh_account):
    expect_error(lambda: fresh_account.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"),
                 "UnsupportedOperationException")
    assert fresh_account.list_keys()["Keys"] == []


def test_create_key_response_uses_requested_region_in_arn(client_for):
    eu = client_for(region="eu-west-1")
    metadata = eu.create_key()["KeyMetadata"]
    assert metadata["Arn"] == key_arn(metadata["KeyId"], region="eu-west-1")
    assert REGION not in metadata["Arn"]
