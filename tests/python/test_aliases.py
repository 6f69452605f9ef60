"""CreateAlias, UpdateAlias, DeleteAlias, ListAliases (kms-contract.md §2.20–2.23)."""

import concurrent.futures
import datetime
import uuid

import pytest

from kmstest import (alias_arn, assert_close_to, assert_well_paged,
                     collect_pages, expect_error, key_arn, not_found_message, now, unique_alias,
                     validation_message)

PREFIX_MESSAGE = ('Alias must start with the prefix "alias/". Please see '
                  'https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html')


@pytest.fixture
def key_id(kms):
    return kms.create_key()["KeyMetadata"]["KeyId"]


def aliases_of(client, **kwargs):
    return {a["AliasName"]: a for a in client.list_aliases(**kwargs)["Aliases"]}


def test_create_alias_is_listed_with_alias_arn_target_and_dates(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    alias = unique_alias("listed")
    response = fresh_account.create_alias(AliasName=alias, TargetKeyId=key_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    listing = fresh_account.list_aliases()
    assert listing["Truncated"] is False
    assert "NextMarker" not in listing
    [entry] = listing["Aliases"]
    assert entry["AliasName"] == alias
    assert entry["AliasArn"] == alias_arn(alias, fresh_account.account_id)
    assert entry["TargetKeyId"] == key_id
    assert_close_to(entry["CreationDate"], now(), datetime.timedelta(minutes=5))
    assert_close_to(entry["LastUpdatedDate"], now(), datetime.timedelta(minutes=5))


def test_create_alias_accepts_key_arn_as_target(kms, key_id):
    alias = unique_alias("by-arn")
    kms.create_alias(AliasName=alias, TargetKeyId=key_arn(key_id))
    assert aliases_of(kms, KeyId=key_id)[alias]["TargetKeyId"] == key_id


def test_create_alias_with_slashes_underscores_and_dashes_is_accepted(kms, key_id):
    alias = f"alias/team_a/app-{uuid.uuid4().hex[:8]}/Prod_1"
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == key_id


def test_key_may_have_several_aliases(kms, key_id):
    names = {unique_alias("many") for _ in range(3)}
    for name in names:
        kms.create_alias(AliasName=name, TargetKeyId=key_id)
    assert set(aliases_of(kms, KeyId=key_id)) == names


def test_create_alias_without_prefix_fails_validation(kms, key_id):
    expect_error(lambda: kms.create_alias(AliasName="no-prefix-alias", TargetKeyId=key_id),
                 "ValidationException", PREFIX_MESSAGE)


def test_create_alias_with_colon_fails_as_invalid_characters(kms, key_id):
    expect_error(lambda: kms.create_alias(AliasName="alias/Service:Test", TargetKeyId=key_id),
                 "ValidationException",
                 "alias/Service:Test contains invalid characters for an alias")


def test_create_alias_with_name_over_256_characters_fails_max_length(kms, key_id):
    name = "alias/" + "a" * 251
    expect_error(lambda: kms.create_alias(AliasName=name, TargetKeyId=key_id),
                 "ValidationException",
                 validation_message(name, "aliasName",
                                    "Member must have length less than or equal to 256"))


def test_create_alias_with_name_of_256_characters_is_accepted(kms, key_id):
    name = f"alias/{uuid.uuid4().hex}" + "b" * (256 - 6 - 32)
    assert len(name) == 256
    kms.create_alias(AliasName=name, TargetKeyId=key_id)
    assert name in aliases_of(kms, KeyId=key_id)


def test_create_alias_without_alias_name_fails_as_required(kms_unvalidated, key_id):
    expect_error(lambda: kms_unvalidated.create_alias(TargetKeyId=key_id),
                 "ValidationException",
                 validation_message(None, "aliasName", "Member must not be null"))


def test_create_alias_with_existing_name_fails_with_already_exists(kms, key_id):
    alias = unique_alias("dup")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    expect_error(lambda: kms.create_alias(AliasName=alias, TargetKeyId=other),
                 "AlreadyExistsException",
                 f"An alias with the name {alias_arn(alias)} already exists")
    assert aliases_of(kms, KeyId=key_id)[alias]["TargetKeyId"] == key_id


def test_create_alias_for_unknown_key_is_not_found(kms):
    unknown = "2c9d4e6f-8a1b-4c3d-9e5f-7a6b5c4d3e2f"
    expect_error(lambda: kms.create_alias(AliasName=unique_alias("nf"), TargetKeyId=unknown),
                 "NotFoundException", not_found_message(unknown))


def test_create_alias_for_disabled_key_is_allowed(kms, key_id):
    kms.disable_key(KeyId=key_id)
    alias = unique_alias("disabled")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    assert alias in aliases_of(kms, KeyId=key_id)


def test_update_alias_points_alias_at_new_key(kms, key_id):
    alias = unique_alias("update")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    created = aliases_of(kms, KeyId=key_id)[alias]
    kms.update_alias(AliasName=alias, TargetKeyId=other)
    assert alias not in aliases_of(kms, KeyId=key_id)
    updated = aliases_of(kms, KeyId=other)[alias]
    assert updated["TargetKeyId"] == other
    assert updated["CreationDate"] == created["CreationDate"]
    assert updated["LastUpdatedDate"] >= created["LastUpdatedDate"]


def test_update_alias_accepts_key_arn_as_target(kms, key_id):
    alias = unique_alias("update-arn")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.update_alias(AliasName=alias, TargetKeyId=key_arn(other))
    assert aliases_of(kms, KeyId=other)[alias]["TargetKeyId"] == other


def test_update_alias_of_unknown_alias_is_not_found(kms, key_id):
    expect_error(lambda: kms.update_alias(AliasName=unique_alias("ghost"), TargetKeyId=key_id),
                 "NotFoundException")


def test_update_alias_to_unknown_key_is_not_found(kms, key_id):
    alias = unique_alias("update-nf")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    unknown = "3d8e5f7a-9b2c-4d4e-8f6a-8b7c6d5e4f3a"
    expect_error(lambda: kms.update_alias(AliasName=alias, TargetKeyId=unknown),
                 "NotFoundException", not_found_message(unknown))


def test_delete_alias_removes_it_and_leaves_the_key(kms, key_id):
    alias = unique_alias("delete")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    response = kms.delete_alias(AliasName=alias)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert aliases_of(kms, KeyId=key_id) == {}
    expect_error(lambda: kms.describe_key(KeyId=alias), "NotFoundException")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"


def test_deleted_alias_name_can_be_reused(kms, key_id):
    alias = unique_alias("reuse")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    kms.delete_alias(AliasName=alias)
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName=alias, TargetKeyId=other)
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == other


def test_delete_alias_of_unknown_alias_is_not_found(kms):
    expect_error(lambda: kms.delete_alias(AliasName=unique_alias("ghost")), "NotFoundException")


def test_list_aliases_filters_by_key_id_and_key_arn(fresh_account):
    first = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    second = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    first_aliases = {unique_alias("first") for _ in range(2)}
    second_alias = unique_alias("second")
    for name in first_aliases:
        fresh_account.create_alias(AliasName=name, TargetKeyId=first)
    fresh_account.create_alias(AliasName=second_alias, TargetKeyId=second)
    assert set(aliases_of(fresh_account, KeyId=first)) == first_aliases
    assert set(aliases_of(fresh_account, KeyId=key_arn(first, fresh_account.account_id))) == \
        first_aliases
    assert set(aliases_of(fresh_account, KeyId=second)) == {second_alias}
    assert set(aliases_of(fresh_account)) == first_aliases | {second_alias}


def test_list_aliases_for_key_without_aliases_is_empty(kms, key_id):
    response = kms.list_aliases(KeyId=key_id)
    assert response["Aliases"] == []
    assert response["Truncated"] is False


def test_list_aliases_with_limit_2_pages_through_five_aliases(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    names = {unique_alias("page") for _ in range(5)}
    for name in names:
        fresh_account.create_alias(AliasName=name, TargetKeyId=key_id)
    pages = collect_pages(fresh_account.list_aliases, "Aliases", 2)
    assert_well_paged(pages, "Aliases", 2)
    listed = [a["AliasName"] for page in pages for a in page["Aliases"]]
    assert sorted(listed) == sorted(names)
    assert len(pages) >= 3


def test_list_aliases_with_key_filter_pages_only_that_keys_aliases(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    other = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    names = {unique_alias("mine") for _ in range(3)}
    for name in names:
        fresh_account.create_alias(AliasName=name, TargetKeyId=key_id)
    fresh_account.create_alias(AliasName=unique_alias("theirs"), TargetKeyId=other)
    pages = collect_pages(fresh_account.list_aliases, "Aliases", 2, KeyId=key_id)
    assert_well_paged(pages, "Aliases", 2)
    assert sorted(a["AliasName"] for p in pages for a in p["Aliases"]) == sorted(names)


def test_list_aliases_botocore_paginator_yields_every_alias_once(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    names = {unique_alias("pg") for _ in range(4)}
    for name in names:
        fresh_account.create_alias(AliasName=name, TargetKeyId=key_id)
    paginator = fresh_account.get_paginator("list_aliases")
    listed = [a["AliasName"] for page in paginator.paginate(PaginationConfig={"PageSize": 3})
              for a in page["Aliases"]]
    assert sorted(listed) == sorted(names)


def test_list_aliases_with_garbage_marker_fails_with_invalid_marker(kms):
    expect_error(lambda: kms.list_aliases(Marker="not-a-marker-we-issued"),
                 "InvalidMarkerException")


def test_list_aliases_in_other_account_does_not_show_default_account_aliases(kms, fresh_account,
                                                                             key_id):
    alias = unique_alias("private")
    kms.create_alias(AliasName=alias, TargetKeyId=key_id)
    assert alias not in aliases_of(fresh_account)


def test_more_than_50_aliases_for_one_key_fails_with_limit_exceeded(fresh_account):
    key_id = fresh_account.create_key()["KeyMetadata"]["KeyId"]
    for i in range(50):
        fresh_account.create_alias(AliasName=f"alias/limit-{i}", TargetKeyId=key_id)
    expect_error(lambda: fresh_account.create_alias(AliasName="alias/limit-50",
                                                    TargetKeyId=key_id),
                 "LimitExceededException")
    assert len(collect_pages(fresh_account.list_aliases, "Aliases", 100, KeyId=key_id)[0]
               ["Aliases"]) == 50


def test_list_aliases_returns_at_most_100_aliases_per_page(fresh_account):
    # kms-contract.md §1.5/§3: Limit 1..1000 is accepted, a page holds at most 100 aliases.
    keys = [fresh_account.create_key()["KeyMetadata"]["KeyId"] for _ in range(3)]
    for i in range(105):
        fresh_account.create_alias(AliasName=f"alias/many-{i:03d}", TargetKeyId=keys[i % 3])
    first = fresh_account.list_aliases(Limit=1000)
    assert len(first["Aliases"]) <= 100
    assert first["Truncated"] is True
    pages = collect_pages(fresh_account.list_aliases, "Aliases", 1000)
    listed = [a["AliasName"] for p in pages for a in p["Aliases"]]
    assert sorted(listed) == [f"alias/many-{i:03d}" for i in range(105)]


def test_concurrent_create_alias_with_one_name_succeeds_exactly_once(kms):
    keys = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(6)]
    alias = unique_alias("race")

    def attempt(key_id):
        try:
            kms.create_alias(AliasName=alias, TargetKeyId=key_id)
            return "created"
        except kms.exceptions.AlreadyExistsException:
            return "exists"

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(attempt, keys))
    assert sorted(outcomes) == ["created"] + ["exists"] * 5
    winner = keys[outcomes.index("created")]
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == winner
