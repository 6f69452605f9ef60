"""DescribeKey (kms-contract.md §2.8, identifiers §1.1, lookup failures kms-errors.md §5)."""

import pytest

from kmstest import (alias_arn, assert_standard_symmetric_metadata, expect_error, key_arn,
                     not_found_message, unique_alias, validation_message)


@pytest.fixture
def key_with_alias(kms):
    metadata = kms.create_key(Description="described")["KeyMetadata"]
    alias = unique_alias("describe")
    kms.create_alias(AliasName=alias, TargetKeyId=metadata["KeyId"])
    return metadata, alias


@pytest.mark.parametrize("form", ["key id", "key ARN", "alias name", "alias ARN"])
def test_describe_key_resolves_every_identifier_form(kms, key_with_alias, form):
    metadata, alias = key_with_alias
    identifier = {
        "key id": metadata["KeyId"],
        "key ARN": metadata["Arn"],
        "alias name": alias,
        "alias ARN": alias_arn(alias),
    }[form]
    described = kms.describe_key(KeyId=identifier)["KeyMetadata"]
    assert described["KeyId"] == metadata["KeyId"]
    assert described == metadata
    assert_standard_symmetric_metadata(described, description="described")


def test_describe_key_of_disabled_key_reports_disabled_and_not_enabled(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key_id)
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "Disabled"
    assert metadata["Enabled"] is False
    assert "DeletionDate" not in metadata


def test_describe_key_with_unknown_alias_is_not_found(kms):
    expect_error(lambda: kms.describe_key(KeyId=unique_alias("missing")), "NotFoundException")


def test_describe_key_with_unknown_alias_arn_is_not_found(kms):
    expect_error(lambda: kms.describe_key(KeyId=alias_arn(unique_alias("missing"))),
                 "NotFoundException")


def test_describe_key_with_unknown_well_formed_id_quotes_the_key_arn(kms):
    key_id = "0d3f2cbb-8f4e-4b8c-9a51-1f2e3d4c5b6a"
    expect_error(lambda: kms.describe_key(KeyId=key_id), "NotFoundException",
                 not_found_message(key_id))


def test_describe_key_with_empty_key_id_fails_min_length(kms_unvalidated):
    expect_error(lambda: kms_unvalidated.describe_key(KeyId=""), "ValidationException",
                 validation_message("", "keyId",
                                    "Member must have length greater than or equal to 1"))


def test_describe_key_without_key_id_fails_as_required(kms_unvalidated):
    expect_error(lambda: kms_unvalidated.describe_key(), "ValidationException",
                 validation_message(None, "keyId", "Member must not be null"))


def test_describe_key_with_key_id_over_2048_characters_fails_max_length(kms):
    key_id = "k" * 2049
    expect_error(lambda: kms.describe_key(KeyId=key_id), "ValidationException",
                 validation_message(key_id, "keyId",
                                    "Member must have length less than or equal to 2048"))


def test_describe_key_reflects_updated_description(kms):
    key_id = kms.create_key(Description="before")["KeyMetadata"]["KeyId"]
    kms.update_key_description(KeyId=key_id, Description="after")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "after"


def test_update_key_description_accepts_empty_description(kms):
    key_id = kms.create_key(Description="something")["KeyMetadata"]["KeyId"]
    kms.update_key_description(KeyId=key_id, Description="")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == ""


def test_update_key_description_by_key_arn(kms):
    metadata = kms.create_key()["KeyMetadata"]
    kms.update_key_description(KeyId=metadata["Arn"], Description="via arn")
    assert kms.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]["Description"] == "via arn"


def test_update_key_description_over_8192_characters_fails_validation(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    description = "x" * 8193
    expect_error(lambda: kms.update_key_description(KeyId=key_id, Description=description),
                 "ValidationException",
                 validation_message(description, "description",
                                    "Member must have length less than or equal to 8192"))


def test_update_key_description_of_unknown_key_is_not_found(kms):
    key_id = "5b0f7e3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    expect_error(lambda: kms.update_key_description(KeyId=key_id, Description="x"),
                 "NotFoundException", not_found_message(key_id))


def test_describe_key_by_alias_follows_alias_update(kms):
    first = kms.create_key()["KeyMetadata"]["KeyId"]
    second = kms.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("retarget")
    kms.create_alias(AliasName=alias, TargetKeyId=first)
    kms.update_alias(AliasName=alias, TargetKeyId=second)
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == second
    assert kms.describe_key(KeyId=alias_arn(alias))["KeyMetadata"]["Arn"] == key_arn(second)
