"""Every real-AWS error recorded in aws-recorded-errors.json for CreateKey, DescribeKey,
CreateAlias and TagResource, replayed against OwnKMS.

Each case id starts with the recording's `snapshot_key`; messages are copied verbatim from the
recording, with only its placeholders (`<key-arn>`, `<secondary-region>`, ...) filled in.
"""

import pytest

from kmstest import DEFAULT_ACCOUNT, expect_error, key_arn

UNKNOWN_UUID = "134f2428-cec1-4b25-a1ae-9048164dba47"
UNKNOWN_MRK = "mrk-d3b95762d3b95762d3b95762d3b95762"


def tags(*pairs):
    return [{"TagKey": k, "TagValue": v} for k, v in pairs]


def describe(kms, key_id):
    return lambda: kms.describe_key(KeyId=key_id)


# Each case: (__type, message(env), request(env) -> zero-argument call). `env` gives the
# clients and creates, on first use, the keys a case needs.

class Env:
    def __init__(self, kms, client_for):
        self.kms = kms
        self.client_for = client_for
        self._key = None
        self._eu_key = None

    @property
    def key_id(self):
        if self._key is None:
            self._key = self.kms.create_key()["KeyMetadata"]["KeyId"]
        return self._key

    @property
    def eu_key(self):
        """A key that lives in eu-west-1 only."""
        if self._eu_key is None:
            self._eu_key = self.client_for(region="eu-west-1").create_key()["KeyMetadata"]
        return self._eu_key


CASES = [
    # --- DescribeKey: key lookup ---
    pytest.param(
        "NotFoundException",
        lambda env: f"Key '{key_arn(env.eu_key['KeyId'], region='us-east-1')}' does not exist",
        lambda env: describe(env.kms, env.eu_key["KeyId"]),
        id="describe-key-diff-region-with-id"),
    pytest.param(
        "NotFoundException",
        lambda env: "Invalid arn eu-west-1",
        lambda env: describe(env.kms, env.eu_key["Arn"]),
        id="describe-key-diff-region-with-arn"),
    pytest.param(
        "NotFoundException",
        lambda env: f"Key '{key_arn(UNKNOWN_UUID)}' does not exist",
        lambda env: describe(env.kms, UNKNOWN_UUID),
        id="describe-nonexistent-key-with-id"),
    pytest.param(
        "NotFoundException",
        lambda env: f"Key '{key_arn(UNKNOWN_UUID)}' does not exist",
        lambda env: describe(env.kms, key_arn(UNKNOWN_UUID)),
        id="describe-nonexistent-with-arn"),
    pytest.param(
        "NotFoundException",
        lambda env: f"Key '{key_arn(UNKNOWN_MRK)}' does not exist",
        lambda env: describe(env.kms, UNKNOWN_MRK),
        id="describe-key-with-valid-id-mrk"),
    pytest.param(
        "NotFoundException",
        lambda env: "Invalid keyId 'fake-key-id'",
        lambda env: describe(env.kms, "fake-key-id"),
        id="describe-key-with-invalid-uuid"),
    pytest.param(
        "NotFoundException",
        lambda env: "Invalid keyId '134f2428cec14b25a1ae9048164dba47'",
        lambda env: describe(env.kms, "134f2428cec14b25a1ae9048164dba47"),
        id="describe-key-with-invalid-uuid-2"),
    pytest.param(
        "NotFoundException",
        lambda env: "Invalid keyId 'mrk-fake-key-id'",
        lambda env: describe(env.kms, "mrk-fake-key-id"),
        id="describe-key-with-invalid-uuid-mrk"),
    pytest.param(
        # Recorded from ap-southeast-1 for a key that exists only in another region.
        "NotFoundException",
        lambda env: (f"Key 'arn:aws:kms:ap-southeast-1:{DEFAULT_ACCOUNT}:key/"
                     f"{env.eu_key['KeyId']}' does not exist"),
        lambda env: describe(env.client_for(region="ap-southeast-1"), env.eu_key["KeyId"]),
        id="describe-key-from-different-region"),
    # --- CreateAlias ---
    pytest.param(
        "ValidationException",
        lambda env: ('Alias must start with the prefix "alias/". Please see '
                     'https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'),
        lambda env: lambda: env.kms.create_alias(AliasName="f1a2b3c4", TargetKeyId=env.key_id),
        id="create_alias"),
    # --- CreateKey ---
    pytest.param(
        "ValidationException",
        lambda env: ("You must specify a KeyUsage value for all KMS keys except for symmetric "
                     "encryption keys."),
        lambda env: lambda: env.kms.create_key(Description="test HMAC key without key usage",
                                               KeySpec="HMAC_256"),
        id="create-hmac-key-without-key-usage"),
    pytest.param(
        "ValidationException",
        lambda env: ("1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to "
                     "satisfy constraint: Member must satisfy enum value set: [RSA_2048, "
                     "ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, "
                     "ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, HMAC_256, HMAC_224, HMAC_512]"),
        lambda env: lambda: env.kms.create_key(Description="test invalid HMAC spec",
                                               KeySpec="HMAC_random"),
        id="create-hmac-key-invalid-spec"),
    pytest.param(
        "ValidationException",
        lambda env: ("1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to "
                     "satisfy constraint: Member must satisfy enum value set: [ENCRYPT_DECRYPT, "
                     "SIGN_VERIFY, GENERATE_VERIFY_MAC]"),
        lambda env: lambda: env.kms.create_key(Description="test invalid HMAC spec",
                                               KeySpec="HMAC_256", KeyUsage="RANDOM"),
        id="create-hmac-key-invalid-key-usage"),
    pytest.param(
        "ValidationException",
        lambda env: "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048",
        lambda env: lambda: env.kms.create_key(KeySpec="RSA_2048", KeyUsage="KEY_AGREEMENT"),
        id="response-invalid-key-spec"),
    pytest.param(
        "TagException",
        lambda env: "Too many tags",
        lambda env: lambda: env.kms.create_key(
            Description="test key 123", KeyUsage="ENCRYPT_DECRYPT",
            Tags=tags(*[(f"key{i}", f"value{i}") for i in range(51)])),
        id="invalid-tag-key[CreateKey-51-tags]"),
    pytest.param(
        "ValidationException",
        lambda env: ("1 validation error detected: Value '" + "v" * 257 + "' at "
                     "'tags.1.member.tagValue' failed to satisfy constraint: Member must have "
                     "length less than or equal to 256"),
        lambda env: lambda: env.kms.create_key(Description="test key 123",
                                               KeyUsage="ENCRYPT_DECRYPT",
                                               Tags=tags(("tag1", "v" * 257))),
        id="too-long-tag-value"),
    pytest.param(
        "TagException",
        lambda env: "Tags beginning with aws: are reserved",
        lambda env: lambda: env.kms.create_key(Description="test key 123",
                                               KeyUsage="ENCRYPT_DECRYPT",
                                               Tags=tags(("aws:key1", "value1"))),
        id="invalid-tag-key[lowercase_prefix]"),
    pytest.param(
        "TagException",
        lambda env: "Tags beginning with aws: are reserved",
        lambda env: lambda: env.kms.create_key(Description="test key 123",
                                               KeyUsage="ENCRYPT_DECRYPT",
                                               Tags=tags(("AWS:key1", "value1"))),
        id="invalid-tag-key[uppercase_prefix]"),
    pytest.param(
        "ValidationException",
        lambda env: ("1 validation error detected: Value '" + "a" * 129 + "' at "
                     "'tags.1.member.tagKey' failed to satisfy constraint: Member must have "
                     "length less than or equal to 128"),
        lambda env: lambda: env.kms.create_key(Description="test key 123",
                                               KeyUsage="ENCRYPT_DECRYPT",
                                               Tags=tags(("a" * 129, "value1"))),
        id="invalid-tag-key[too_long_key]"),
    # --- TagResource ---
    pytest.param(
        "TagException",
        lambda env: "Duplicate tag keys",
        lambda env: lambda: env.kms.tag_resource(
            KeyId=env.key_id, Tags=tags(("tag1", "value1"), ("tag1", "another-value1"))),
        id="duplicate-tag-keys"),
    pytest.param(
        "TagException",
        lambda env: "Tags beginning with aws: are reserved",
        lambda env: lambda: env.kms.tag_resource(KeyId=env.key_id,
                                                 Tags=tags(("aws:key1", "value1"))),
        id="invalid-tag-key[TagResource-aws-prefix]"),
]


@pytest.mark.parametrize("error_type,message,request_call", CASES)
def test_recorded_aws_error_is_reproduced(kms, client_for, error_type, message, request_call):
    env = Env(kms, client_for)
    call = request_call(env)
    expect_error(call, error_type, message(env), status=400)


def test_create_key_rejected_by_recorded_validation_leaves_no_key(fresh_account):
    expect_error(lambda: fresh_account.create_key(KeySpec="HMAC_256"), "ValidationException")
    expect_error(lambda: fresh_account.create_key(Tags=tags(("aws:key1", "v"))), "TagException")
    assert fresh_account.list_keys()["Keys"] == []
