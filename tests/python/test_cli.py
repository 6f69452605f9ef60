"""AWS CLI v1 against OwnKMS (kms-errors.md §1: exit 255 on service errors)."""

import pytest

from kmstest import key_arn, new_account_id, unique_alias


@pytest.fixture
def cli_account():
    """Each CLI test runs in its own account so listings stay small."""
    return new_account_id()


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.json


def test_cli_create_key_prints_key_metadata(aws_cli, cli_account):
    metadata = ok(aws_cli("create-key", "--description", "from the cli",
                          access_key=cli_account))["KeyMetadata"]
    assert metadata["Description"] == "from the cli"
    assert metadata["KeyState"] == "Enabled"
    assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert metadata["AWSAccountId"] == cli_account
    assert metadata["Arn"] == key_arn(metadata["KeyId"], cli_account)


def test_cli_describe_key_by_id_and_by_alias(aws_cli, cli_account):
    key_id = ok(aws_cli("create-key", access_key=cli_account))["KeyMetadata"]["KeyId"]
    alias = unique_alias("cli")
    ok_create = aws_cli("create-alias", "--alias-name", alias, "--target-key-id", key_id,
                        access_key=cli_account)
    assert ok_create.returncode == 0, ok_create.stderr
    by_id = ok(aws_cli("describe-key", "--key-id", key_id, access_key=cli_account))
    by_alias = ok(aws_cli("describe-key", "--key-id", alias, access_key=cli_account))
    assert by_id["KeyMetadata"]["KeyId"] == key_id
    assert by_alias["KeyMetadata"] == by_id["KeyMetadata"]


def test_cli_list_keys_lists_every_key_across_pages(aws_cli, cli_account):
    ids = {ok(aws_cli("create-key", access_key=cli_account))["KeyMetadata"]["KeyId"]
           for _ in range(3)}
    listing = ok(aws_cli("list-keys", "--page-size", "2", access_key=cli_account))
    assert {k["KeyId"] for k in listing["Keys"]} == ids


def test_cli_create_alias_then_list_aliases_shows_it(aws_cli, cli_account):
    key_id = ok(aws_cli("create-key", access_key=cli_account))["KeyMetadata"]["KeyId"]
    alias = unique_alias("cli-list")
    created = aws_cli("create-alias", "--alias-name", alias, "--target-key-id", key_id,
                      access_key=cli_account)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == ""
    aliases = ok(aws_cli("list-aliases", "--key-id", key_id, access_key=cli_account))["Aliases"]
    assert [(a["AliasName"], a["TargetKeyId"]) for a in aliases] == [(alias, key_id)]
    assert aliases[0]["AliasArn"] == f"arn:aws:kms:us-east-1:{cli_account}:{alias}"


def test_cli_tag_resource_then_list_resource_tags_shows_them(aws_cli, cli_account):
    key_id = ok(aws_cli("create-key", access_key=cli_account))["KeyMetadata"]["KeyId"]
    tagged = aws_cli("tag-resource", "--key-id", key_id, "--tags",
                     "TagKey=env,TagValue=prod", "TagKey=team,TagValue=payments",
                     access_key=cli_account)
    assert tagged.returncode == 0, tagged.stderr
    tags = ok(aws_cli("list-resource-tags", "--key-id", key_id, access_key=cli_account))["Tags"]
    assert sorted((t["TagKey"], t["TagValue"]) for t in tags) == [("env", "prod"),
                                                                  ("team", "payments")]


def test_cli_schedule_key_deletion_reports_pending_deletion(aws_cli, cli_account):
    key_id = ok(aws_cli("create-key", access_key=cli_account))["KeyMetadata"]["KeyId"]
    scheduled = ok(aws_cli("schedule-key-deletion", "--key-id", key_id,
                           "--pending-window-in-days", "7", access_key=cli_account))
    assert scheduled["KeyId"] == key_arn(key_id, cli_account)
    assert scheduled["KeyState"] == "PendingDeletion"
    assert scheduled["PendingWindowInDays"] == 7
    assert scheduled["DeletionDate"]
    described = ok(aws_cli("describe-key", "--key-id", key_id, access_key=cli_account))
    assert described["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_cli_service_error_exits_255_and_names_the_error_code(aws_cli):
    result = aws_cli("describe-key", "--key-id", "fake-key-id")
    assert result.returncode == 255
    assert "NotFoundException" in result.stderr
    assert "Invalid keyId 'fake-key-id'" in result.stderr


def test_cli_validation_error_exits_255_and_prints_the_message(aws_cli):
    result = aws_cli("create-key", "--key-spec", "HMAC_256")
    assert result.returncode == 255
    assert "ValidationException" in result.stderr
    assert ("You must specify a KeyUsage value for all KMS keys except for symmetric encryption "
            "keys.") in result.stderr
