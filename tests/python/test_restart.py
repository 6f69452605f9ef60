"""Durability: what one server stored is served by the next one on the same data directory."""

import json

from kmstest import make_client, DEFAULT_ACCOUNT, alias_arn, key_arn, unique_alias


def test_keys_aliases_tags_policies_and_states_survive_a_restart(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    first = server_factory(data_dir, name="before-restart")
    kms = make_client(first.endpoint)
    other_account = "210987654321"
    other = make_client(first.endpoint, access_key=other_account)

    plain = kms.create_key(Description="plain", Tags=[{"TagKey": "env", "TagValue": "prod"}])
    plain = plain["KeyMetadata"]
    disabled = kms.create_key(Description="disabled")["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    pending = kms.create_key(Description="pending")["KeyMetadata"]
    scheduled = kms.schedule_key_deletion(KeyId=pending["KeyId"], PendingWindowInDays=9)
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Survives restart", "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"},
        "Action": "kms:*", "Resource": "*"}]}, indent=3)
    kms.put_key_policy(KeyId=disabled["KeyId"], PolicyName="default", Policy=policy)
    kms.tag_resource(KeyId=disabled["KeyId"], Tags=[{"TagKey": "a", "TagValue": "1"},
                                                    {"TagKey": "b", "TagValue": ""}])
    alias = unique_alias("durable")
    kms.create_alias(AliasName=alias, TargetKeyId=plain["KeyId"])
    other_key = other.create_key()["KeyMetadata"]
    aliases_before = sorted(kms.list_aliases()["Aliases"], key=lambda a: a["AliasName"])

    assert first.stop() is True, "the server did not stop on SIGTERM within 30 s"

    second = server_factory(data_dir, name="after-restart")
    kms = make_client(second.endpoint)
    other = make_client(second.endpoint, access_key=other_account)

    assert kms.describe_key(KeyId=plain["KeyId"])["KeyMetadata"] == plain
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == plain["KeyId"]
    assert kms.describe_key(KeyId=alias_arn(alias))["KeyMetadata"]["Arn"] == key_arn(plain["KeyId"])
    assert sorted(kms.list_aliases()["Aliases"], key=lambda a: a["AliasName"]) == aliases_before

    described = kms.describe_key(KeyId=disabled["KeyId"])["KeyMetadata"]
    assert (described["KeyState"], described["Enabled"]) == ("Disabled", False)
    assert described["CreationDate"] == disabled["CreationDate"]
    assert kms.get_key_policy(KeyId=disabled["KeyId"], PolicyName="default")["Policy"] == policy
    tags = kms.list_resource_tags(KeyId=disabled["KeyId"])["Tags"]
    assert sorted((t["TagKey"], t["TagValue"]) for t in tags) == [("a", "1"), ("b", "")]
    assert kms.list_resource_tags(KeyId=plain["KeyId"])["Tags"] == [
        {"TagKey": "env", "TagValue": "prod"}]

    described = kms.describe_key(KeyId=pending["KeyId"])["KeyMetadata"]
    assert described["KeyState"] == "PendingDeletion"
    assert described["DeletionDate"] == scheduled["DeletionDate"]

    listed = {k["KeyId"] for k in kms.list_keys()["Keys"]}
    assert listed == {plain["KeyId"], disabled["KeyId"], pending["KeyId"]}
    assert [k["KeyId"] for k in other.list_keys()["Keys"]] == [other_key["KeyId"]]

    # The restarted server keeps working on the old data.
    kms.cancel_key_deletion(KeyId=pending["KeyId"])
    assert kms.describe_key(KeyId=pending["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
