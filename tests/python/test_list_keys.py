"""ListKeys (kms-contract.md §2.9, pagination §1.5)."""

import pytest

from kmstest import assert_well_paged, collect_pages, expect_error, key_arn, validation_message


@pytest.fixture
def account_with_seven_keys(fresh_account):
    ids = {fresh_account.create_key()["KeyMetadata"]["KeyId"] for _ in range(7)}
    return fresh_account, ids


def test_list_keys_of_new_account_is_empty_and_not_truncated(fresh_account):
    response = fresh_account.list_keys()
    assert response["Keys"] == []
    assert response["Truncated"] is False
    assert "NextMarker" not in response


def test_list_keys_without_limit_returns_all_seven_keys_in_one_page(account_with_seven_keys):
    client, ids = account_with_seven_keys
    response = client.list_keys()
    assert {k["KeyId"] for k in response["Keys"]} == ids
    assert response["Truncated"] is False
    assert "NextMarker" not in response


def test_list_keys_entries_carry_key_id_and_key_arn_only(account_with_seven_keys):
    client, ids = account_with_seven_keys
    for entry in client.list_keys()["Keys"]:
        assert set(entry) == {"KeyId", "KeyArn"}
        assert entry["KeyArn"] == key_arn(entry["KeyId"], client.account_id)


def test_list_keys_with_limit_3_pages_through_seven_keys_by_marker(account_with_seven_keys):
    client, ids = account_with_seven_keys
    pages = collect_pages(client.list_keys, "Keys", 3)
    assert_well_paged(pages, "Keys", 3)
    listed = [k["KeyId"] for page in pages for k in page["Keys"]]
    assert len(listed) == len(set(listed)), "a key was listed twice"
    assert set(listed) == ids
    assert len(pages) >= 3
    assert pages[0]["Truncated"] is True


def test_list_keys_botocore_paginator_yields_every_key_once(account_with_seven_keys):
    client, ids = account_with_seven_keys
    pages = list(client.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 3}))
    listed = [k["KeyId"] for page in pages for k in page["Keys"]]
    assert sorted(listed) == sorted(ids)
    assert len(pages) >= 3


def test_list_keys_with_limit_1_returns_a_single_key_and_a_marker(account_with_seven_keys):
    client, _ = account_with_seven_keys
    page = client.list_keys(Limit=1)
    assert len(page["Keys"]) == 1
    assert page["Truncated"] is True
    assert page["NextMarker"]


def test_list_keys_includes_disabled_and_pending_deletion_keys(fresh_account):
    disabled = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    pending = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    fresh_account.disable_key(KeyId=disabled)
    fresh_account.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)
    listed = {k["KeyId"] for k in fresh_account.list_keys()["Keys"]}
    assert listed == {disabled, pending}


def test_list_keys_with_garbage_marker_fails_with_invalid_marker(kms):
    expect_error(lambda: kms.list_keys(Marker="garbage-marker-that-was-never-issued"),
                 "InvalidMarkerException")


def test_list_keys_with_limit_0_fails_minimum_value(kms_unvalidated):
    expect_error(lambda: kms_unvalidated.list_keys(Limit=0), "ValidationException",
                 validation_message("0", "limit",
                                    "Member must have value greater than or equal to 1"))


def test_list_keys_with_limit_1001_fails_maximum_value(kms):
    expect_error(lambda: kms.list_keys(Limit=1001), "ValidationException",
                 validation_message("1001", "limit",
                                    "Member must have value less than or equal to 1000"))
