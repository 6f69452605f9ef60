"""EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion (kms-contract.md §2.10–2.13)
and the key-state rules for a key pending deletion (§1.3)."""

import datetime
import json

import pytest

from kmstest import (DEFAULT_ACCOUNT, assert_close_to, default_policy, expect_error, key_arn,
                     not_found_message, now, unique_alias, validation_message)


@pytest.fixture
def key_id(kms):
    return kms.create_key()["KeyMetadata"]["KeyId"]


def state_of(kms, key_id):
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    return metadata["KeyState"], metadata["Enabled"]


# --- EnableKey / DisableKey ------------------------------------------------------------------

def test_disable_key_sets_disabled_state_and_clears_enabled_flag(kms, key_id):
    response = kms.disable_key(KeyId=key_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert state_of(kms, key_id) == ("Disabled", False)


def test_enable_key_after_disable_restores_enabled_state(kms, key_id):
    kms.disable_key(KeyId=key_id)
    kms.enable_key(KeyId=key_id)
    assert state_of(kms, key_id) == ("Enabled", True)


def test_enable_key_on_enabled_key_is_idempotent(kms, key_id):
    kms.enable_key(KeyId=key_id)
    assert state_of(kms, key_id) == ("Enabled", True)


def test_disable_key_on_disabled_key_is_idempotent(kms, key_id):
    kms.disable_key(KeyId=key_id)
    kms.disable_key(KeyId=key_id)
    assert state_of(kms, key_id) == ("Disabled", False)


def test_disable_and_enable_accept_key_arn(kms, key_id):
    kms.disable_key(KeyId=key_arn(key_id))
    assert state_of(kms, key_id) == ("Disabled", False)
    kms.enable_key(KeyId=key_arn(key_id))
    assert state_of(kms, key_id) == ("Enabled", True)


# --- ScheduleKeyDeletion ----------------------------------------------------------------------

def test_schedule_key_deletion_defaults_to_30_days(kms, key_id):
    response = kms.schedule_key_deletion(KeyId=key_id)
    assert response["KeyId"] == key_arn(key_id)
    assert response["KeyState"] == "PendingDeletion"
    assert response["PendingWindowInDays"] == 30
    assert_close_to(response["DeletionDate"], now() + datetime.timedelta(days=30),
                    datetime.timedelta(days=1))


@pytest.mark.parametrize("days", [7, 8, 29, 30])
def test_schedule_key_deletion_accepts_windows_from_7_to_30_days(kms, key_id, days):
    response = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days)
    assert response["KeyId"] == key_arn(key_id)
    assert response["KeyState"] == "PendingDeletion"
    assert response["PendingWindowInDays"] == days
    assert_close_to(response["DeletionDate"], now() + datetime.timedelta(days=days),
                    datetime.timedelta(days=1))


def test_schedule_key_deletion_by_key_arn_returns_key_arn(kms, key_id):
    response = kms.schedule_key_deletion(KeyId=key_arn(key_id), PendingWindowInDays=7)
    assert response["KeyId"] == key_arn(key_id)


def test_scheduled_key_is_described_as_pending_deletion_with_deletion_date(kms, key_id):
    scheduled = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=10)
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion"
    assert metadata["Enabled"] is False
    assert metadata["DeletionDate"] == scheduled["DeletionDate"]
    assert "PendingDeletionWindowInDays" not in metadata


@pytest.mark.parametrize("days", [1, 6, 31, 365])
def test_schedule_key_deletion_outside_7_to_30_days_fails_validation(kms, key_id, days):
    expect_error(lambda: kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days),
                 "ValidationException", "PendingWindowInDays must be between 7 and 30")
    assert state_of(kms, key_id) == ("Enabled", True)


def test_schedule_key_deletion_with_0_days_fails_model_minimum(kms_unvalidated, key_id):
    expect_error(
        lambda: kms_unvalidated.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=0),
        "ValidationException",
        validation_message("0", "pendingWindowInDays",
                           "Member must have value greater than or equal to 1"))


def test_schedule_key_deletion_with_366_days_fails_model_maximum(kms_unvalidated, key_id):
    expect_error(
        lambda: kms_unvalidated.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=366),
        "ValidationException",
        validation_message("366", "pendingWindowInDays",
                           "Member must have value less than or equal to 365"))


def test_schedule_key_deletion_of_disabled_key_is_allowed(kms, key_id):
    kms.disable_key(KeyId=key_id)
    response = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert response["KeyState"] == "PendingDeletion"


def test_schedule_key_deletion_twice_fails_as_pending_deletion(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    expect_error(lambda: kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7),
                 "KMSInvalidStateException", f"{key_arn(key_id)} is pending deletion.")


# --- CancelKeyDeletion ------------------------------------------------------------------------

def test_cancel_key_deletion_leaves_key_disabled_without_deletion_date(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    response = kms.cancel_key_deletion(KeyId=key_id)
    assert response["KeyId"] == key_arn(key_id)
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "Disabled"
    assert metadata["Enabled"] is False
    assert "DeletionDate" not in metadata


def test_cancel_key_deletion_by_key_arn_returns_key_arn(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert kms.cancel_key_deletion(KeyId=key_arn(key_id))["KeyId"] == key_arn(key_id)


def test_cancelled_key_can_be_enabled_again(kms, key_id):
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=key_id)
    kms.enable_key(KeyId=key_id)
    assert state_of(kms, key_id) == ("Enabled", True)


def test_cancel_key_deletion_of_enabled_key_fails_as_not_pending_deletion(kms, key_id):
    expect_error(lambda: kms.cancel_key_deletion(KeyId=key_id), "KMSInvalidStateException",
                 f"{key_arn(key_id)} is not pending deletion.")


def test_cancel_key_deletion_of_disabled_key_fails_as_not_pending_deletion(kms, key_id):
    kms.disable_key(KeyId=key_id)
    expect_error(lambda: kms.cancel_key_deletion(KeyId=key_id), "KMSInvalidStateException",
                 f"{key_arn(key_id)} is not pending deletion.")


# --- Key pending deletion (§1.3) --------------------------------------------------------------

@pytest.fixture
def pending_key(kms):
    key_id = kms.create_key(Tags=[{"TagKey": "keep", "TagValue": "me"}])["KeyMetadata"]["KeyId"]
    alias = unique_alias("pending")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    return key_id, alias


REJECTED_WHILE_PENDING = {
    "EnableKey": lambda kms, key_id: kms.enable_key(KeyId=key_id),
    "DisableKey": lambda kms, key_id: kms.disable_key(KeyId=key_id),
    "TagResource": lambda kms, key_id: kms.tag_resource(
        KeyId=key_id, Tags=[{"TagKey": "k", "TagValue": "v"}]),
    "UntagResource": lambda kms, key_id: kms.untag_resource(KeyId=key_id, TagKeys=["keep"]),
    "CreateAlias": lambda kms, key_id: kms.create_alias(
        AliasName=unique_alias("late"), TargetKeyId=key_id),
}


@pytest.mark.parametrize("operation", sorted(REJECTED_WHILE_PENDING))
def test_operation_on_key_pending_deletion_fails_with_invalid_state(kms, pending_key, operation):
    key_id, _ = pending_key
    expect_error(lambda: REJECTED_WHILE_PENDING[operation](kms, key_id),
                 "KMSInvalidStateException", f"{key_arn(key_id)} is pending deletion.")


def test_update_alias_to_key_pending_deletion_fails_with_invalid_state(kms, pending_key):
    key_id, _ = pending_key
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("move")
    kms.create_alias(AliasName=alias, TargetKeyId=other)
    expect_error(lambda: kms.update_alias(AliasName=alias, TargetKeyId=key_id),
                 "KMSInvalidStateException", f"{key_arn(key_id)} is pending deletion.")


def test_update_alias_away_from_key_pending_deletion_is_allowed(kms, pending_key):
    _, alias = pending_key
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.update_alias(AliasName=alias, TargetKeyId=other)
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == other


def test_describe_key_works_on_key_pending_deletion(kms, pending_key):
    key_id, alias = pending_key
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_get_key_policy_works_on_key_pending_deletion(kms, pending_key):
    key_id, _ = pending_key
    assert kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"] == \
        default_policy(DEFAULT_ACCOUNT)


def test_put_key_policy_works_on_key_pending_deletion(kms, pending_key):
    key_id, _ = pending_key
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Pending", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}]})
    kms.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy)
    assert kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"] == policy


def test_list_resource_tags_works_on_key_pending_deletion(kms, pending_key):
    key_id, _ = pending_key
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == [{"TagKey": "keep", "TagValue": "me"}]


def test_list_aliases_for_key_pending_deletion_still_lists_its_alias(kms, pending_key):
    key_id, alias = pending_key
    names = [a["AliasName"] for a in kms.list_aliases(KeyId=key_id)["Aliases"]]
    assert names == [alias]


def test_delete_alias_of_key_pending_deletion_is_allowed(kms, pending_key):
    key_id, alias = pending_key
    kms.delete_alias(AliasName=alias)
    assert kms.list_aliases(KeyId=key_id)["Aliases"] == []


# --- Unknown keys -----------------------------------------------------------------------------

UNKNOWN_KEY_ID = "7e1c0a6b-9d2f-4c3e-8b5a-6f4d3c2b1a09"

KEY_OPERATIONS = {
    "EnableKey": lambda kms, k: kms.enable_key(KeyId=k),
    "DisableKey": lambda kms, k: kms.disable_key(KeyId=k),
    "ScheduleKeyDeletion": lambda kms, k: kms.schedule_key_deletion(KeyId=k),
    "CancelKeyDeletion": lambda kms, k: kms.cancel_key_deletion(KeyId=k),
    "TagResource": lambda kms, k: kms.tag_resource(
        KeyId=k, Tags=[{"TagKey": "a", "TagValue": "b"}]),
    "UntagResource": lambda kms, k: kms.untag_resource(KeyId=k, TagKeys=["a"]),
    "ListResourceTags": lambda kms, k: kms.list_resource_tags(KeyId=k),
    "GetKeyPolicy": lambda kms, k: kms.get_key_policy(KeyId=k, PolicyName="default"),
    "PutKeyPolicy": lambda kms, k: kms.put_key_policy(
        KeyId=k, PolicyName="default", Policy=default_policy(DEFAULT_ACCOUNT)),
    "CreateAlias": lambda kms, k: kms.create_alias(AliasName=unique_alias("nf"), TargetKeyId=k),
    "ListAliases": lambda kms, k: kms.list_aliases(KeyId=k),
}


@pytest.mark.parametrize("form", ["key id", "key ARN"])
@pytest.mark.parametrize("operation", sorted(KEY_OPERATIONS))
def test_operation_on_unknown_key_is_not_found_with_key_arn(kms, operation, form):
    identifier = UNKNOWN_KEY_ID if form == "key id" else key_arn(UNKNOWN_KEY_ID)
    expect_error(lambda: KEY_OPERATIONS[operation](kms, identifier), "NotFoundException",
                 not_found_message(UNKNOWN_KEY_ID))


@pytest.mark.parametrize("operation", sorted(KEY_OPERATIONS))
def test_operation_with_key_arn_of_another_region_is_not_found_as_invalid_arn(kms, operation):
    identifier = key_arn(UNKNOWN_KEY_ID, region="eu-west-1")
    expect_error(lambda: KEY_OPERATIONS[operation](kms, identifier), "NotFoundException",
                 "Invalid arn eu-west-1")


@pytest.mark.parametrize("operation", sorted(KEY_OPERATIONS))
def test_operation_with_malformed_key_id_is_not_found_as_invalid_key_id(kms, operation):
    expect_error(lambda: KEY_OPERATIONS[operation](kms, "fake-key-id"), "NotFoundException",
                 "Invalid keyId 'fake-key-id'")
