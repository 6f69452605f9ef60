"""CloudHSM key stores against faults of real tokens, across real server processes:
a vendor library that disappears under a CONNECTED store, and `ownkms cluster` with no server."""

import json
import os
import shutil
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import REPO_ROOT, server_command
from kmstest import make_client

SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
PLAINTEXT = b"vendor token"


def cluster_cli(data_dir, *args):
    done = subprocess.run(server_command() + ["cluster", *args, "--data-dir", str(data_dir)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in args else done.stdout


def vendor_token(base, label, pin):
    """A token made by another program (softhsm2-util), behind a library copy at its own path."""
    (base / "tokens").mkdir(parents=True)
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    library = base / "libvendor-pkcs11.so"
    shutil.copy(SOFTHSM, library)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label,
                    "--so-pin", "87654321", "--pin", pin],
                   env={**os.environ, "SOFTHSM2_CONF": str(conf)}, check=True,
                   capture_output=True)
    return library, conf


def wait_for_state(kms, store_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        entry = kms.describe_custom_key_stores(CustomKeyStoreId=store_id)["CustomKeyStores"][0]
        if entry["ConnectionState"] != "CONNECTING":
            return entry
        time.sleep(0.1)
    raise AssertionError(f"{store_id} still CONNECTING")


def test_vendor_library_gone_under_a_connected_store(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    library, conf = vendor_token(tmp_path / "vendor", "vendor-hsm", "kmsuser-pin-1")
    first = server_factory(data_dir, name="with-library")
    kms = make_client(first.endpoint)
    cluster = cluster_cli(data_dir, "register", "--library", str(library), "--token-label",
                          "vendor-hsm", "--env", f"SOFTHSM2_CONF={conf}", "--json")
    store_id = kms.create_custom_key_store(
        CustomKeyStoreName="vendor", CloudHsmClusterId=cluster["clusterId"],
        TrustAnchorCertificate=cluster["trustAnchorCertificate"],
        KeyStorePassword="kmsuser-pin-1")["CustomKeyStoreId"]
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    assert wait_for_state(kms, store_id)["ConnectionState"] == "CONNECTED"
    key_id = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=PLAINTEXT)["CiphertextBlob"]
    default_key = kms.create_key()["KeyMetadata"]["KeyId"]
    assert first.stop()

    library.unlink()
    second = server_factory(data_dir, name="library-gone")
    kms = make_client(second.endpoint)

    with pytest.raises(ClientError) as failure:
        kms.decrypt(CiphertextBlob=blob)
    error = failure.value.response["Error"]
    assert error["Code"] == "KMSInvalidStateException"
    assert error["Message"].startswith("KMS cannot communicate with your CloudHSM cluster: ")
    assert "kmsuser-pin-1" not in error["Message"]
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    entry = kms.describe_custom_key_stores(CustomKeyStoreId=store_id)["CustomKeyStores"][0]
    assert entry["ConnectionState"] == "CONNECTED"
    assert "kmsuser-pin-1" not in json.dumps(entry, default=str)
    assert kms.encrypt(KeyId=default_key, Plaintext=b"x")["KeyId"].endswith(default_key)
    assert "kmsuser-pin-1" not in second.log_path.read_text() + first.log_path.read_text()

    shutil.copy(SOFTHSM, library)
    assert second.stop()
    third = server_factory(data_dir, name="library-back")
    kms = make_client(third.endpoint)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == PLAINTEXT


def test_cluster_commands_work_without_a_server_and_the_server_then_uses_the_cluster(
        server_factory, tmp_path):
    data_dir = tmp_path / "offline"
    created = cluster_cli(data_dir, "create", "--hsms", "3", "--azs", "eu-west-1a,eu-west-1b",
                          "--json")
    listed = cluster_cli(data_dir, "list", "--json")
    assert [c["clusterId"] for c in listed["clusters"]] == [created["clusterId"]]
    assert listed["clusters"][0]["hsms"] == 3
    assert "kmsuserPassword" not in json.dumps(listed)

    server = server_factory(data_dir, name="after-offline-create")
    kms = make_client(server.endpoint)
    store_id = kms.create_custom_key_store(
        CustomKeyStoreName="offline", CloudHsmClusterId=created["clusterId"],
        TrustAnchorCertificate=created["trustAnchorCertificate"],
        KeyStorePassword=created["kmsuserPassword"])["CustomKeyStoreId"]
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    assert wait_for_state(kms, store_id)["ConnectionState"] == "CONNECTED"
    key_id = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=PLAINTEXT)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == PLAINTEXT


def test_cluster_command_errors_are_one_line_and_nonzero(tmp_path):
    done = subprocess.run(server_command() + ["cluster", "describe", "cluster-aaaaaaaaaaa",
                                              "--data-dir", str(tmp_path / "d")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 1
    assert "No cluster has the id cluster-aaaaaaaaaaa." in done.stderr
