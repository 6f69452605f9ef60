"""Account isolation: a 12-digit access key id is the caller's account (DESIGN.md, kms-contract.md
§1.1 "an ARN naming another account is simply a key that does not exist for the caller")."""

import pytest

from kmstest import (alias_arn, expect_error, key_arn, make_client, new_account_id,
                     not_found_message, unique_alias)


@pytest.fixture
def two_accounts(endpoint):
    first, second = new_account_id(), new_account_id()
    return (make_client(endpoint, access_key=first), first,
            make_client(endpoint, access_key=second), second)


def test_keys_of_one_account_are_not_listed_in_another(two_accounts):
    a, _, b, _ = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    key_b = b.create_key()["KeyMetadata"]["KeyId"]
    assert [k["KeyId"] for k in a.list_keys()["Keys"]] == [key_a]
    assert [k["KeyId"] for k in b.list_keys()["Keys"]] == [key_b]


def test_key_id_of_another_account_is_not_found_with_callers_arn(two_accounts):
    a, _, b, account_b = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    expect_error(lambda: b.describe_key(KeyId=key_a), "NotFoundException",
                 not_found_message(key_a, account=account_b))


CROSS_ACCOUNT_OPERATIONS = {
    "DescribeKey": lambda c, k: c.describe_key(KeyId=k),
    "DisableKey": lambda c, k: c.disable_key(KeyId=k),
    "ScheduleKeyDeletion": lambda c, k: c.schedule_key_deletion(KeyId=k),
    "TagResource": lambda c, k: c.tag_resource(KeyId=k, Tags=[{"TagKey": "x", "TagValue": "y"}]),
    "ListResourceTags": lambda c, k: c.list_resource_tags(KeyId=k),
    "GetKeyPolicy": lambda c, k: c.get_key_policy(KeyId=k, PolicyName="default"),
}


@pytest.mark.parametrize("operation", sorted(CROSS_ACCOUNT_OPERATIONS))
def test_key_arn_of_another_account_is_not_found(two_accounts, operation):
    a, account_a, b, _ = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    expect_error(lambda: CROSS_ACCOUNT_OPERATIONS[operation](b, key_arn(key_a, account_a)),
                 "NotFoundException")
    metadata = a.describe_key(KeyId=key_a)["KeyMetadata"]
    assert metadata["KeyState"] == "Enabled"
    assert a.list_resource_tags(KeyId=key_a)["Tags"] == []


def test_key_of_another_account_cannot_be_changed(two_accounts):
    a, _, b, account_b = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    expect_error(lambda: b.schedule_key_deletion(KeyId=key_a), "NotFoundException",
                 not_found_message(key_a, account=account_b))
    expect_error(lambda: b.tag_resource(KeyId=key_a, Tags=[{"TagKey": "x", "TagValue": "y"}]),
                 "NotFoundException", not_found_message(key_a, account=account_b))
    metadata = a.describe_key(KeyId=key_a)["KeyMetadata"]
    assert metadata["KeyState"] == "Enabled"
    assert a.list_resource_tags(KeyId=key_a)["Tags"] == []


def test_same_alias_name_may_exist_in_two_accounts(two_accounts):
    a, _, b, account_b = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    key_b = b.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("shared-name")
    a.create_alias(AliasName=alias, TargetKeyId=key_a)
    b.create_alias(AliasName=alias, TargetKeyId=key_b)
    assert a.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == key_a
    assert b.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == key_b
    [entry_b] = b.list_aliases()["Aliases"]
    assert entry_b["AliasArn"] == alias_arn(alias, account_b)


def test_alias_of_another_account_is_not_visible(two_accounts):
    a, _, b, _ = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("private")
    a.create_alias(AliasName=alias, TargetKeyId=key_a)
    assert b.list_aliases()["Aliases"] == []
    expect_error(lambda: b.describe_key(KeyId=alias), "NotFoundException")


def test_alias_arn_of_another_account_is_not_found(two_accounts):
    a, account_a, b, _ = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("private-arn")
    a.create_alias(AliasName=alias, TargetKeyId=key_a)
    expect_error(lambda: b.describe_key(KeyId=alias_arn(alias, account_a)), "NotFoundException")


def test_alias_cannot_target_a_key_of_another_account(two_accounts):
    a, _, b, account_b = two_accounts
    key_a = a.create_key()["KeyMetadata"]["KeyId"]
    expect_error(lambda: b.create_alias(AliasName=unique_alias("steal"), TargetKeyId=key_a),
                 "NotFoundException", not_found_message(key_a, account=account_b))


def test_non_numeric_access_keys_share_the_default_account(endpoint):
    first = make_client(endpoint, access_key="AKIAEXAMPLEFIRST0001")
    second = make_client(endpoint, access_key="AKIAEXAMPLESECOND002")
    metadata = first.create_key()["KeyMetadata"]
    assert metadata["AWSAccountId"] == "111122223333"
    assert second.describe_key(KeyId=metadata["KeyId"])["KeyMetadata"]["KeyId"] == \
        metadata["KeyId"]


def test_keys_of_one_region_are_not_listed_in_another(endpoint):
    account = new_account_id()
    east = make_client(endpoint, access_key=account)
    west = make_client(endpoint, access_key=account, region="eu-west-1")
    east_key = east.create_key()["KeyMetadata"]["KeyId"]
    west_key = west.create_key()["KeyMetadata"]["KeyId"]
    assert [k["KeyId"] for k in east.list_keys()["Keys"]] == [east_key]
    assert [k["KeyId"] for k in west.list_keys()["Keys"]] == [west_key]


def test_same_alias_name_may_exist_in_two_regions(endpoint):
    account = new_account_id()
    east = make_client(endpoint, access_key=account)
    west = make_client(endpoint, access_key=account, region="eu-west-1")
    alias = unique_alias("regional")
    east_key = east.create_key()["KeyMetadata"]["KeyId"]
    west_key = west.create_key()["KeyMetadata"]["KeyId"]
    east.create_alias(AliasName=alias, TargetKeyId=east_key)
    west.create_alias(AliasName=alias, TargetKeyId=west_key)
    assert west.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == west_key
    [entry] = west.list_aliases()["Aliases"]
    assert entry["AliasArn"] == alias_arn(alias, account, region="eu-west-1")
