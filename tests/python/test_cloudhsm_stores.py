"""CloudHSM custom key stores end to end: boto3 against the server, clusters made with the real
`ownkms cluster` CLI (kms-contract.md §1.2–1.4, §2.1–2.6). Every test works in a fresh account,
so the 10-stores-per-account quota of one test never meets another's stores."""

import datetime
import subprocess

import pytest

from cloudhsm import (ClusterCli, connect_fails, connect_ok, create_store,
                      create_store_key, describe_store, disconnect, expect_store_state_error,
                      key_state, unique_store_name)
from conftest import REPO_ROOT, server_command
from kmstest import (assert_close_to, expect_error, expect_invalid_ciphertext, key_arn,
                     new_account_id, now)

UNKNOWN_STORE = "cks-0123456789abcdef0"
UNKNOWN_CLUSTER = "cluster-aaaaaaaaaaa"
WRONG_PASSWORD = "not-the-kmsuser-password"


@pytest.fixture(scope="module")
def clusters(server):
    return ClusterCli(server.data_dir)


@pytest.fixture
def kms(fresh_account):
    return fresh_account


def arn_of(kms, key_id):
    return key_arn(key_id, kms.account_id)


def unavailable_message(kms, key_id):
    return f"{arn_of(kms, key_id)} is unavailable."


# --- 1. The whole lifecycle ----------------------------------------------------------------------

def test_store_lifecycle_from_cluster_to_deletion(kms, clusters, client_for):
    cluster = clusters.create()
    assert cluster["clusterId"].startswith("cluster-")
    assert cluster["kmsuserPassword"]
    assert "BEGIN CERTIFICATE" in cluster["trustAnchorCertificate"]
    assert cluster["cluster"]["state"] == "ACTIVE"

    name = unique_store_name()
    store_id = create_store(kms, cluster, name=name)
    entry = describe_store(kms, store_id)
    assert entry["CustomKeyStoreName"] == name
    assert entry["CloudHsmClusterId"] == cluster["clusterId"]
    assert entry["TrustAnchorCertificate"] == cluster["trustAnchorCertificate"]
    assert entry["ConnectionState"] == "DISCONNECTED"
    assert entry["CustomKeyStoreType"] == "AWS_CLOUDHSM"
    assert "ConnectionErrorCode" not in entry
    assert_close_to(entry["CreationDate"], now(), datetime.timedelta(minutes=5))

    connect_ok(kms, store_id)
    metadata = create_store_key(kms, store_id, Description="in the cluster")
    key_id = metadata["KeyId"]
    assert metadata["Origin"] == "AWS_CLOUDHSM"
    assert metadata["CustomKeyStoreId"] == store_id
    assert metadata["CloudHsmClusterId"] == cluster["clusterId"]
    assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert metadata["KeyState"] == "Enabled"

    context = {"purpose": "lifecycle"}
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret", EncryptionContext=context)
    assert blob["KeyId"] == arn_of(kms, key_id)
    ciphertext = blob["CiphertextBlob"]
    decrypted = kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)
    assert decrypted["Plaintext"] == b"secret"
    assert decrypted["KeyId"] == arn_of(kms, key_id)
    expect_invalid_ciphertext(lambda: kms.decrypt(CiphertextBlob=ciphertext,
                                                  EncryptionContext={"purpose": "other"}))

    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert len(data_key["Plaintext"]) == 32
    assert kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"])["Plaintext"] == \
        data_key["Plaintext"]
    no_plaintext = kms.generate_data_key_without_plaintext(KeyId=key_id, NumberOfBytes=16)
    assert "Plaintext" not in no_plaintext
    assert len(kms.decrypt(CiphertextBlob=no_plaintext["CiphertextBlob"])["Plaintext"]) == 16

    default_key = kms.create_key()["KeyMetadata"]["KeyId"]
    away = kms.re_encrypt(CiphertextBlob=ciphertext, SourceEncryptionContext=context,
                          DestinationKeyId=default_key)
    assert away["SourceKeyId"] == arn_of(kms, key_id)
    assert away["KeyId"] == arn_of(kms, default_key)
    assert kms.decrypt(CiphertextBlob=away["CiphertextBlob"])["Plaintext"] == b"secret"
    back = kms.re_encrypt(CiphertextBlob=away["CiphertextBlob"], DestinationKeyId=key_id,
                          DestinationEncryptionContext=context)
    assert back["KeyId"] == arn_of(kms, key_id)
    assert kms.decrypt(CiphertextBlob=back["CiphertextBlob"],
                       EncryptionContext=context)["Plaintext"] == b"secret"

    random = kms.generate_random(NumberOfBytes=24, CustomKeyStoreId=store_id)["Plaintext"]
    assert len(random) == 24

    # The store and its keys belong to this account only.
    stranger = client_for(access_key=new_account_id())
    expect_error(lambda: stranger.describe_custom_key_stores(CustomKeyStoreId=store_id),
                 "CustomKeyStoreNotFoundException")
    expect_error(lambda: stranger.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id),
                 "CustomKeyStoreNotFoundException")
    expect_error(lambda: stranger.generate_random(NumberOfBytes=8, CustomKeyStoreId=store_id),
                 "CustomKeyStoreNotFoundException")
    expect_invalid_ciphertext(lambda: stranger.decrypt(CiphertextBlob=ciphertext,
                                                       EncryptionContext=context))

    # §1.4: keys in custom key stores do not rotate.
    message = f"{arn_of(kms, key_id)} origin is AWS_CLOUDHSM which is not valid for this operation."
    for call in (kms.enable_key_rotation, kms.disable_key_rotation,
                 kms.get_key_rotation_status, kms.rotate_key_on_demand):
        expect_error(lambda: call(KeyId=key_id), "UnsupportedOperationException", message)

    # A new kmsuser password in the cluster: the store's old one stops working.
    disconnect(kms, store_id)
    assert key_state(kms, key_id) == ("Unavailable", False)
    new_password = clusters.set_kmsuser_password(cluster["clusterId"])
    assert new_password["clusterId"] == cluster["clusterId"]
    assert new_password["kmsuserPassword"] not in (None, cluster["kmsuserPassword"])
    connect_fails(kms, store_id, "INVALID_CREDENTIALS")
    disconnect(kms, store_id)
    kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                KeyStorePassword=new_password["kmsuserPassword"])
    connect_ok(kms, store_id)
    assert key_state(kms, key_id) == ("Enabled", True)
    assert kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)["Plaintext"] == \
        b"secret"

    scheduled = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert scheduled["KeyState"] == "PendingDeletion"
    expect_error(lambda: kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context),
                 "KMSInvalidStateException", f"{arn_of(kms, key_id)} is pending deletion.")
    expect_store_state_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                             "DISCONNECTED")
    disconnect(kms, store_id)
    # §2.6: a key pending deletion still counts until it is really deleted.
    response = expect_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                            "CustomKeyStoreHasCMKsException")
    assert "1 KMS key" in response["Error"]["Message"]
    assert describe_store(kms, store_id)["ConnectionState"] == "DISCONNECTED"


# --- 2. Connection errors from real failures ---------------------------------------------------

def test_wrong_password_fails_with_invalid_credentials_then_locks_kmsuser_out(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster, password=WRONG_PASSWORD)
    for _ in range(5):
        connect_fails(kms, store_id, "INVALID_CREDENTIALS")
        disconnect(kms, store_id)
    kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                KeyStorePassword=cluster["kmsuserPassword"])
    # Five failed logins in a row: even the right password is refused now.
    connect_fails(kms, store_id, "USER_LOCKED_OUT")
    disconnect(kms, store_id)
    reset = clusters.set_kmsuser_password(cluster["clusterId"], "Fresh-kmsuser-1")
    assert reset == {"clusterId": cluster["clusterId"], "kmsuserPassword": "Fresh-kmsuser-1"}
    kms.update_custom_key_store(CustomKeyStoreId=store_id, KeyStorePassword="Fresh-kmsuser-1")
    connect_ok(kms, store_id)


def test_cluster_without_hsms_fails_with_insufficient_cloudhsm_hsms(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster)
    changed = clusters.set_state(cluster["clusterId"], "--hsms", "0")
    assert changed["hsms"] == 0
    connect_fails(kms, store_id, "INSUFFICIENT_CLOUDHSM_HSMS")


def test_deleted_cluster_fails_with_cluster_not_found(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster)
    connect_ok(kms, store_id)
    refused = clusters.fails("delete", cluster["clusterId"])
    assert "disconnect it first" in refused, refused
    disconnect(kms, store_id)
    clusters.delete(cluster["clusterId"])
    connect_fails(kms, store_id, "CLUSTER_NOT_FOUND")


def test_connect_to_inactive_or_single_zone_cluster_fails_at_once(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster)
    clusters.set_state(cluster["clusterId"], "--state", "DEGRADED")
    response = expect_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=store_id),
                            "CloudHsmClusterNotActiveException")
    assert "DEGRADED" in response["Error"]["Message"]
    assert describe_store(kms, store_id)["ConnectionState"] == "DISCONNECTED"

    clusters.set_state(cluster["clusterId"], "--state", "ACTIVE", "--azs", "us-east-1a")
    response = expect_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=store_id),
                            "CloudHsmClusterInvalidConfigurationException")
    assert "Availability Zones" in response["Error"]["Message"]
    assert describe_store(kms, store_id)["ConnectionState"] == "DISCONNECTED"


# --- 3. Create/Update/Delete/Connect/Disconnect exceptions ------------------------------------

def test_create_custom_key_store_errors(kms, clusters):
    used = clusters.create()
    other, single_hsm, backup = clusters.create_many(
        [], ["--hsms", "1"], ["--from-backup", used["clusterId"]])
    name = unique_store_name()
    store_id = create_store(kms, used, name=name)
    assert backup.get("kmsuserPassword") is None  # the source's kmsuser and keys came along
    assert backup["cluster"]["backupOf"] == used["clusterId"]
    assert backup["trustAnchorCertificate"] == used["trustAnchorCertificate"]

    def create(cluster, **overrides):
        request = dict(CustomKeyStoreName=unique_store_name(),
                       CloudHsmClusterId=cluster["clusterId"],
                       TrustAnchorCertificate=cluster["trustAnchorCertificate"],
                       KeyStorePassword=used["kmsuserPassword"])
        request.update(overrides)
        return lambda: kms.create_custom_key_store(**request)

    response = expect_error(create(other, CustomKeyStoreName=name),
                            "CustomKeyStoreNameInUseException")
    assert name in response["Error"]["Message"]
    response = expect_error(create(other, CloudHsmClusterId=UNKNOWN_CLUSTER),
                            "CloudHsmClusterNotFoundException")
    assert UNKNOWN_CLUSTER in response["Error"]["Message"]
    response = expect_error(create(used), "CloudHsmClusterInUseException")
    assert store_id in response["Error"]["Message"]
    # A restored backup shares the cluster's history: it is in use too.
    expect_error(create(backup), "CloudHsmClusterInUseException")
    response = expect_error(create(single_hsm), "CloudHsmClusterInvalidConfigurationException")
    assert "two active HSMs" in response["Error"]["Message"]
    response = expect_error(create(other, TrustAnchorCertificate=used["trustAnchorCertificate"]),
                            "IncorrectTrustAnchorException")
    assert other["clusterId"] in response["Error"]["Message"]
    expect_error(create(other, TrustAnchorCertificate="not a certificate"),
                 "IncorrectTrustAnchorException")
    clusters.set_state(other["clusterId"], "--state", "UNINITIALIZED")
    response = expect_error(create(other), "CloudHsmClusterNotActiveException")
    assert "UNINITIALIZED" in response["Error"]["Message"]

    # The refused requests left nothing behind; a deleted store frees its cluster.
    assert [s["CustomKeyStoreId"] for s in
            kms.describe_custom_key_stores()["CustomKeyStores"]] == [store_id]
    assert set(kms.delete_custom_key_store(CustomKeyStoreId=store_id)) == {"ResponseMetadata"}
    expect_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreId=store_id),
                 "CustomKeyStoreNotFoundException")
    again = create_store(kms, used, name=name)
    assert describe_store(kms, again)["CloudHsmClusterId"] == used["clusterId"]


def test_eleventh_store_exceeds_the_quota_and_describe_pages_filters_and_hides_password(
        kms, clusters):
    made = clusters.create_many_fast(11)
    names = [f"quota-{i:02d}-{unique_store_name()}" for i in range(11)]
    ids = [create_store(kms, cluster, name=name) for cluster, name in zip(made[:10], names)]
    response = expect_error(lambda: create_store(kms, made[10], name=names[10]),
                            "LimitExceededException")
    assert "10" in response["Error"]["Message"]

    pages, marker = [], None
    while True:
        args = {"Limit": 3} | ({"Marker": marker} if marker else {})
        page = kms.describe_custom_key_stores(**args)
        pages.append(page)
        assert len(page["CustomKeyStores"]) <= 3
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        marker = page["NextMarker"]
        assert len(pages) < 10
    listed = [entry for page in pages for entry in page["CustomKeyStores"]]
    assert len(pages) == 4
    assert sorted(e["CustomKeyStoreId"] for e in listed) == sorted(ids)
    for entry in listed:
        assert "KeyStorePassword" not in entry
        assert made[0]["kmsuserPassword"] not in repr(entry)
    every = kms.describe_custom_key_stores()
    assert every["Truncated"] is False
    assert len(every["CustomKeyStores"]) == 10

    by_name = kms.describe_custom_key_stores(CustomKeyStoreName=names[4])["CustomKeyStores"]
    assert [e["CustomKeyStoreId"] for e in by_name] == [ids[4]]
    by_id = kms.describe_custom_key_stores(CustomKeyStoreId=ids[7])["CustomKeyStores"]
    assert [e["CustomKeyStoreName"] for e in by_id] == [names[7]]
    expect_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreId=UNKNOWN_STORE),
                 "CustomKeyStoreNotFoundException")
    expect_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreName="no-such-store"),
                 "CustomKeyStoreNotFoundException")

    kms.delete_custom_key_store(CustomKeyStoreId=ids[0])
    create_store(kms, made[10], name=names[10])


def test_unknown_store_id_is_not_found_everywhere(kms):
    for call in (kms.connect_custom_key_store, kms.disconnect_custom_key_store,
                 kms.delete_custom_key_store):
        response = expect_error(lambda: call(CustomKeyStoreId=UNKNOWN_STORE),
                                "CustomKeyStoreNotFoundException")
        assert UNKNOWN_STORE in response["Error"]["Message"]
    expect_error(lambda: kms.update_custom_key_store(CustomKeyStoreId=UNKNOWN_STORE,
                                                     NewCustomKeyStoreName="x"),
                 "CustomKeyStoreNotFoundException")
    expect_error(lambda: kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=UNKNOWN_STORE),
                 "CustomKeyStoreNotFoundException")
    expect_error(lambda: kms.generate_random(NumberOfBytes=8, CustomKeyStoreId=UNKNOWN_STORE),
                 "CustomKeyStoreNotFoundException")


def test_update_moves_store_only_to_related_clusters_and_keys_follow(kms, clusters):
    original, unrelated = clusters.create_many([], [])
    store_id = create_store(kms, original)
    other_store = create_store(kms, unrelated)
    connect_ok(kms, store_id)
    key_id = create_store_key(kms, store_id)["KeyId"]
    ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"moves along")["CiphertextBlob"]
    # Restored after the key was made: the backup holds the key too.
    restored, restored_small = clusters.create_many(
        ["--from-backup", original["clusterId"]],
        ["--from-backup", original["clusterId"], "--hsms", "1"])

    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=restored["clusterId"]), "DISCONNECTED")
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, KeyStorePassword=original["kmsuserPassword"]), "DISCONNECTED")
    store_name = describe_store(kms, other_store)["CustomKeyStoreName"]
    expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, NewCustomKeyStoreName=store_name),
        "CustomKeyStoreNameInUseException")
    disconnect(kms, store_id)

    response = expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=unrelated["clusterId"]),
        "CloudHsmClusterNotRelatedException")
    assert unrelated["clusterId"] in response["Error"]["Message"]
    expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=UNKNOWN_CLUSTER),
        "CloudHsmClusterNotFoundException")
    expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=restored_small["clusterId"]),
        "CloudHsmClusterInvalidConfigurationException")
    assert describe_store(kms, store_id)["CloudHsmClusterId"] == original["clusterId"]

    kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                CloudHsmClusterId=restored["clusterId"])
    assert describe_store(kms, store_id)["CloudHsmClusterId"] == restored["clusterId"]
    # The original cluster is gone: decrypting now needs the key's copy in the backup.
    clusters.delete(original["clusterId"])
    connect_ok(kms, store_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["CloudHsmClusterId"] == \
        restored["clusterId"]
    assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"moves along"


def test_update_to_unrelated_cluster_is_refused_after_the_original_was_deleted(kms, clusters):
    original, unrelated = clusters.create_many([], [])
    store_id = create_store(kms, original)
    clusters.delete(original["clusterId"])
    expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=unrelated["clusterId"]),
        "CloudHsmClusterNotRelatedException")
    assert describe_store(kms, store_id)["CloudHsmClusterId"] == original["clusterId"]


# --- 4. Connection state × operation, key states across disconnect ----------------------------

def test_operations_in_each_connection_state(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster, password=WRONG_PASSWORD)

    def rename():
        new_name = unique_store_name()
        kms.update_custom_key_store(CustomKeyStoreId=store_id, NewCustomKeyStoreName=new_name)
        assert describe_store(kms, store_id)["CustomKeyStoreName"] == new_name

    def rejected_everywhere_but_connected():
        expect_store_state_error(lambda: kms.create_key(Origin="AWS_CLOUDHSM",
                                                        CustomKeyStoreId=store_id))
        expect_store_state_error(lambda: kms.generate_random(NumberOfBytes=8,
                                                             CustomKeyStoreId=store_id))

    # DISCONNECTED
    expect_store_state_error(lambda: kms.disconnect_custom_key_store(CustomKeyStoreId=store_id),
                             "DISCONNECTED")
    rename()
    kms.update_custom_key_store(CustomKeyStoreId=store_id, KeyStorePassword="still-wrong-1")
    rejected_everywhere_but_connected()

    # FAILED (the password is wrong)
    connect_fails(kms, store_id, "INVALID_CREDENTIALS")
    expect_store_state_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=store_id),
                             "FAILED")
    rename()
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, KeyStorePassword=cluster["kmsuserPassword"]), "FAILED")
    expect_store_state_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                             "FAILED")
    rejected_everywhere_but_connected()
    assert describe_store(kms, store_id)["ConnectionErrorCode"] == "INVALID_CREDENTIALS"
    disconnect(kms, store_id)  # clears the error code

    # CONNECTED
    kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                KeyStorePassword=cluster["kmsuserPassword"])
    connect_ok(kms, store_id)
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)  # accepted, nothing changes
    assert describe_store(kms, store_id)["ConnectionState"] == "CONNECTED"
    rename()
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, KeyStorePassword=cluster["kmsuserPassword"]), "CONNECTED")
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, CloudHsmClusterId=cluster["clusterId"]), "CONNECTED")
    expect_store_state_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                             "CONNECTED")
    key_id = create_store_key(kms, store_id)["KeyId"]
    assert len(kms.generate_random(NumberOfBytes=8, CustomKeyStoreId=store_id)["Plaintext"]) == 8
    expect_error(lambda: kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id,
                                        KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT"),
                 "UnsupportedOperationException")

    # Back to DISCONNECTED: the store holds a key now.
    disconnect(kms, store_id)
    rejected_everywhere_but_connected()
    expect_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                 "CustomKeyStoreHasCMKsException")
    assert key_state(kms, key_id) == ("Unavailable", False)


def test_key_states_survive_disconnect_and_reconnect(kms, clusters):
    cluster = clusters.create()
    store_id = create_store(kms, cluster)
    connect_ok(kms, store_id)
    kept = create_store_key(kms, store_id)["KeyId"]
    disabled_later = create_store_key(kms, store_id)["KeyId"]
    pending = create_store_key(kms, store_id)["KeyId"]
    scheduled_away = create_store_key(kms, store_id)["KeyId"]
    ciphertext = kms.encrypt(KeyId=kept, Plaintext=b"held")["CiphertextBlob"]
    kms.schedule_key_deletion(KeyId=pending, PendingWindowInDays=7)

    disconnect(kms, store_id)
    assert key_state(kms, kept) == ("Unavailable", False)
    assert key_state(kms, disabled_later) == ("Unavailable", False)
    assert key_state(kms, pending) == ("PendingDeletion", False)
    message = unavailable_message(kms, kept)
    expect_error(lambda: kms.encrypt(KeyId=kept, Plaintext=b"x"), "KMSInvalidStateException",
                 message)
    expect_error(lambda: kms.decrypt(CiphertextBlob=ciphertext), "KMSInvalidStateException",
                 message)
    expect_error(lambda: kms.generate_data_key(KeyId=kept, KeySpec="AES_256"),
                 "KMSInvalidStateException", message)
    expect_error(lambda: kms.generate_data_key_without_plaintext(KeyId=kept, KeySpec="AES_256"),
                 "KMSInvalidStateException", message)

    # Management still works and applies once the store is back.
    kms.disable_key(KeyId=disabled_later)
    assert key_state(kms, disabled_later) == ("Unavailable", False)
    kms.enable_key(KeyId=kept)
    assert kms.cancel_key_deletion(KeyId=pending)["KeyId"] == arn_of(kms, pending)
    assert key_state(kms, pending) == ("Unavailable", False)
    assert kms.schedule_key_deletion(KeyId=scheduled_away, PendingWindowInDays=7)["KeyState"] \
        == "PendingDeletion"
    assert key_state(kms, scheduled_away) == ("PendingDeletion", False)

    connect_ok(kms, store_id)
    assert key_state(kms, scheduled_away) == ("PendingDeletion", False)
    assert key_state(kms, kept) == ("Enabled", True)
    assert key_state(kms, disabled_later) == ("Disabled", False)
    assert key_state(kms, pending) == ("Disabled", False)
    assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"held"
    expect_error(lambda: kms.encrypt(KeyId=disabled_later, Plaintext=b"x"), "DisabledException",
                 f"{arn_of(kms, disabled_later)} is disabled.")

    # CreateKey needs two HSMs in two zones in the connected cluster.
    clusters.set_state(cluster["clusterId"], "--hsms", "1")
    expect_error(lambda: kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id),
                 "CloudHsmClusterInvalidConfigurationException")


# --- 5. CLI help -------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["cluster", "--help"], ["cluster", "create", "--help"]])
def test_cluster_help_exits_zero(args):
    done = subprocess.run(server_command() + args, cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ownkms cluster"), done.stdout
    if "create" in args:
        assert "--from-backup" in done.stdout and "--hsms" in done.stdout
    else:
        assert "set-kmsuser-password" in done.stdout
