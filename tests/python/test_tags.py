"""TagResource, UntagResource, ListResourceTags (kms-contract.md §2.24–2.26, §1.6)."""

import pytest

from kmstest import (assert_well_paged, collect_pages, expect_error, key_arn, validation_message)

LONG_KEY = "a" * 129
LONG_VALUE = "v" * 257
# aws-recorded-errors.json, snapshot keys "invalid-tag-key" (too_long_key) and "too-long-tag-value".
LONG_KEY_MESSAGE = (
    f"1 validation error detected: Value '{LONG_KEY}' at 'tags.1.member.tagKey' failed to "
    "satisfy constraint: Member must have length less than or equal to 128")
LONG_VALUE_MESSAGE = (
    f"1 validation error detected: Value '{LONG_VALUE}' at 'tags.1.member.tagValue' failed to "
    "satisfy constraint: Member must have length less than or equal to 256")


@pytest.fixture
def key_id(kms):
    return kms.create_key()["KeyMetadata"]["KeyId"]


def tags_of(kms, key_id):
    response = kms.list_resource_tags(KeyId=key_id)
    assert response["Truncated"] is False
    return {t["TagKey"]: t["TagValue"] for t in response["Tags"]}


def tag(key, value):
    return {"TagKey": key, "TagValue": value}


def test_tag_resource_adds_tags_listed_by_list_resource_tags(kms, key_id):
    response = kms.tag_resource(KeyId=key_id, Tags=[tag("env", "prod"), tag("team", "pay")])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert tags_of(kms, key_id) == {"env": "prod", "team": "pay"}


def test_list_resource_tags_of_untagged_key_is_empty_and_not_truncated(kms, key_id):
    response = kms.list_resource_tags(KeyId=key_id)
    assert response["Tags"] == []
    assert response["Truncated"] is False
    assert "NextMarker" not in response


def test_tag_resource_accepts_key_arn(kms, key_id):
    kms.tag_resource(KeyId=key_arn(key_id), Tags=[tag("via", "arn")])
    assert kms.list_resource_tags(KeyId=key_arn(key_id))["Tags"] == [tag("via", "arn")]


def test_tag_resource_accepts_empty_tag_value(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("empty", "")])
    assert tags_of(kms, key_id) == {"empty": ""}


def test_tag_resource_with_existing_key_replaces_the_value(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("env", "dev"), tag("owner", "me")])
    kms.tag_resource(KeyId=key_id, Tags=[tag("env", "prod")])
    assert tags_of(kms, key_id) == {"env": "prod", "owner": "me"}


def test_tag_keys_are_case_sensitive(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("Env", "a"), tag("env", "b")])
    assert tags_of(kms, key_id) == {"Env": "a", "env": "b"}


def test_tag_resource_with_duplicate_keys_fails_and_adds_nothing(kms, key_id):
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag("d", "1"), tag("d", "2")]),
                 "TagException", "Duplicate tag keys")
    assert tags_of(kms, key_id) == {}


@pytest.mark.parametrize("reserved", ["aws:key1", "AWS:key1", "Aws:key1"])
def test_tag_resource_with_aws_prefix_fails_as_reserved(kms, key_id, reserved):
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag(reserved, "value1")]),
                 "TagException", "Tags beginning with aws: are reserved")
    assert tags_of(kms, key_id) == {}


def test_tag_key_containing_aws_later_is_accepted(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("my-aws:key", "v")])
    assert tags_of(kms, key_id) == {"my-aws:key": "v"}


def test_tag_resource_with_51_tags_fails_with_too_many_tags(kms, key_id):
    tags = [tag(f"key{i}", "v") for i in range(51)]
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=tags), "TagException",
                 "Too many tags")
    assert tags_of(kms, key_id) == {}


def test_tag_resource_beyond_50_tags_on_the_key_fails_with_too_many_tags(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag(f"key{i}", "v") for i in range(50)])
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag("one-more", "v")]),
                 "TagException", "Too many tags")


def test_retagging_an_existing_key_at_50_tags_is_allowed(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag(f"key{i}", "v") for i in range(50)])
    kms.tag_resource(KeyId=key_id, Tags=[tag("key7", "new")])
    tags = {t["TagKey"]: t["TagValue"]
            for t in kms.list_resource_tags(KeyId=key_id, Limit=50)["Tags"]}
    assert len(tags) == 50
    assert tags["key7"] == "new"


def test_tag_resource_with_129_character_key_fails_validation(kms, key_id):
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag(LONG_KEY, "value1")]),
                 "ValidationException", LONG_KEY_MESSAGE)


def test_tag_resource_with_257_character_value_fails_validation(kms, key_id):
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag("tag1", LONG_VALUE)]),
                 "ValidationException", LONG_VALUE_MESSAGE)


def test_tag_resource_validation_path_names_the_offending_list_index(kms, key_id):
    tags = [tag("fine", "ok"), tag(LONG_KEY, "value1")]
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=tags), "ValidationException",
                 LONG_KEY_MESSAGE.replace("tags.1.member", "tags.2.member"))


def test_tag_resource_accepts_128_character_key_and_256_character_value(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("k" * 128, "v" * 256)])
    assert tags_of(kms, key_id) == {"k" * 128: "v" * 256}


def test_tag_resource_with_empty_tag_key_fails_min_length(kms_unvalidated, key_id):
    expect_error(lambda: kms_unvalidated.tag_resource(KeyId=key_id, Tags=[tag("", "v")]),
                 "ValidationException",
                 validation_message("", "tags.1.member.tagKey",
                                    "Member must have length greater than or equal to 1"))


def test_tag_resource_without_tags_fails_as_required(kms_unvalidated, key_id):
    expect_error(lambda: kms_unvalidated.tag_resource(KeyId=key_id), "ValidationException",
                 validation_message(None, "tags", "Member must not be null"))


def test_untag_resource_removes_only_the_named_keys(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("a", "1"), tag("b", "2"), tag("c", "3")])
    response = kms.untag_resource(KeyId=key_id, TagKeys=["a", "c"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert tags_of(kms, key_id) == {"b": "2"}


def test_untag_resource_of_missing_tag_key_is_silently_ignored(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("a", "1")])
    kms.untag_resource(KeyId=key_id, TagKeys=["never-set"])
    assert tags_of(kms, key_id) == {"a": "1"}


def test_untag_resource_accepts_key_arn(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag("a", "1")])
    kms.untag_resource(KeyId=key_arn(key_id), TagKeys=["a"])
    assert tags_of(kms, key_id) == {}


def test_list_resource_tags_with_limit_2_pages_through_five_tags(kms, key_id):
    expected = {f"page{i}": str(i) for i in range(5)}
    kms.tag_resource(KeyId=key_id, Tags=[tag(k, v) for k, v in expected.items()])
    pages = collect_pages(kms.list_resource_tags, "Tags", 2, KeyId=key_id)
    assert_well_paged(pages, "Tags", 2)
    listed = [(t["TagKey"], t["TagValue"]) for p in pages for t in p["Tags"]]
    assert sorted(listed) == sorted(expected.items())
    assert len(pages) >= 3


def test_list_resource_tags_botocore_paginator_yields_every_tag_once(kms, key_id):
    kms.tag_resource(KeyId=key_id, Tags=[tag(f"p{i}", "v") for i in range(4)])
    paginator = kms.get_paginator("list_resource_tags")
    listed = [t["TagKey"] for page in paginator.paginate(
        KeyId=key_id, PaginationConfig={"PageSize": 3}) for t in page["Tags"]]
    assert sorted(listed) == ["p0", "p1", "p2", "p3"]


def test_list_resource_tags_with_garbage_marker_fails_with_invalid_marker(kms, key_id):
    expect_error(lambda: kms.list_resource_tags(KeyId=key_id, Marker="bogus-marker"),
                 "InvalidMarkerException")


def test_tags_are_per_key(kms, key_id):
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.tag_resource(KeyId=key_id, Tags=[tag("only", "here")])
    assert tags_of(kms, other) == {}


def test_untag_resource_with_129_character_tag_key_fails_validation(kms, key_id):
    # kms-errors.md §4: items of a string list are addressed as '<list>.<n>.member'.
    expect_error(lambda: kms.untag_resource(KeyId=key_id, TagKeys=["ok", LONG_KEY]),
                 "ValidationException",
                 validation_message(LONG_KEY, "tagKeys.2.member",
                                    "Member must have length less than or equal to 128"))


def test_tag_with_too_long_key_and_value_reports_both_violations(kms, key_id):
    # kms-errors.md §4: "N validation errors detected: " + clauses joined by "; ",
    # in the member order of the shape (TagKey, then TagValue).
    expect_error(lambda: kms.tag_resource(KeyId=key_id, Tags=[tag(LONG_KEY, LONG_VALUE)]),
                 "ValidationException",
                 f"2 validation errors detected: Value '{LONG_KEY}' at 'tags.1.member.tagKey' "
                 "failed to satisfy constraint: Member must have length less than or equal to "
                 f"128; Value '{LONG_VALUE}' at 'tags.1.member.tagValue' failed to satisfy "
                 "constraint: Member must have length less than or equal to 256")
