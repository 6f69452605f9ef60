"""Helpers for the CloudHSM custom key store tests: the real `ownkms cluster` CLI and
store-connection polling over boto3 (kms-contract.md §1.2, §2.1–2.6)."""

import json
import subprocess
import time
import urllib.request
import uuid

from conftest import REPO_ROOT, server_command
from kmstest import expect_error

CONNECT_TIMEOUT_S = 20
CLI_TIMEOUT_S = 180


class ClusterCli:
    """`ownkms cluster <sub> --data-dir <server's data dir> --json …`, run from the repository root."""

    def __init__(self, data_dir):
        self.data_dir = str(data_dir)
        self.warm = False

    def command(self, *args):
        return server_command() + ["cluster", *args, "--data-dir", self.data_dir, "--json"]

    def run(self, *args):
        """The finished process; callers check returncode/stdout/stderr themselves."""
        done = subprocess.run(self.command(*args), cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=CLI_TIMEOUT_S, stdin=subprocess.DEVNULL)
        self.warm = True
        return done

    def ok(self, *args):
        """Runs a subcommand that must succeed; returns its one JSON line, parsed."""
        done = self.run(*args)
        assert done.returncode == 0, f"ownkms cluster {args} failed: {done.stderr}"
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, done.stdout
        return json.loads(lines[0])

    def fails(self, *args):
        """Runs a subcommand that must fail; returns its stderr line."""
        done = self.run(*args)
        assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
        assert done.stderr.startswith("ownkms cluster: "), done.stderr
        return done.stderr.strip()

    def create(self, *options):
        return self.ok("create", *options)

    def create_many(self, *option_lists):
        """Creates several clusters at once (each call is a JVM start): one answer per list."""
        if not option_lists:
            return []
        answers = []
        if not self.warm:
            # The first call runs alone so that a launcher rebuild (sources changed) happens once.
            answers.append(self.create(*option_lists[0]))
        running = [subprocess.Popen(self.command("create", *options), cwd=REPO_ROOT,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    stdin=subprocess.DEVNULL)
                   for options in option_lists[len(answers):]]
        for proc in running:
            out, err = proc.communicate(timeout=CLI_TIMEOUT_S)
            assert proc.returncode == 0, f"ownkms cluster create failed: {err}"
            answers.append(json.loads(out.strip()))
        return answers

    def create_many_fast(self, count):
        """`count` default clusters through the admin API the CLI itself calls (server.json gives
        its endpoint and token): for bulk set-up only, where a JVM start per cluster would cost
        seconds. Answers have the CLI's lower-camel names."""
        with open(f"{self.data_dir}/server.json") as info_file:
            info = json.load(info_file)
        answers = []
        for _ in range(count):
            request = urllib.request.Request(
                info["endpoint"] + "/", data=b"{}", method="POST",
                headers={"Content-Type": "application/x-amz-json-1.1",
                         "X-Amz-Target": "OwnKmsAdmin.CreateCluster",
                         "X-OwnKMS-Admin-Token": info["adminToken"]})
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.load(response)
            answers.append({name[0].lower() + name[1:]: value for name, value in answer.items()})
        return answers

    def set_state(self, cluster_id, *options):
        return self.ok("set-state", cluster_id, *options)

    def set_kmsuser_password(self, cluster_id, password=None):
        args = ["set-kmsuser-password", cluster_id]
        if password is not None:
            args += ["--password", password]
        return self.ok(*args)

    def delete(self, cluster_id):
        return self.ok("delete", cluster_id)


def unique_store_name(prefix="cks"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def create_store(kms, cluster, name=None, password=None):
    """A CloudHSM key store on `cluster` (an answer of `ownkms cluster create`); returns its id."""
    response = kms.create_custom_key_store(
        CustomKeyStoreName=name or unique_store_name(),
        CloudHsmClusterId=cluster["clusterId"],
        TrustAnchorCertificate=cluster["trustAnchorCertificate"],
        KeyStorePassword=password or cluster["kmsuserPassword"])
    return response["CustomKeyStoreId"]


def describe_store(kms, store_id):
    stores = kms.describe_custom_key_stores(CustomKeyStoreId=store_id)["CustomKeyStores"]
    assert len(stores) == 1, stores
    return stores[0]


def wait_connected_or_failed(kms, store_id, timeout=CONNECT_TIMEOUT_S):
    """Polls DescribeCustomKeyStores until the asynchronous connect has an outcome."""
    deadline = time.monotonic() + timeout
    while True:
        entry = describe_store(kms, store_id)
        if entry["ConnectionState"] in ("CONNECTED", "FAILED"):
            return entry
        assert entry["ConnectionState"] == "CONNECTING", entry
        assert time.monotonic() < deadline, f"still CONNECTING after {timeout} s: {entry}"
        time.sleep(0.05)


def connect(kms, store_id):
    """ConnectCustomKeyStore, then waits; returns the store's entry (CONNECTED or FAILED)."""
    assert set(kms.connect_custom_key_store(CustomKeyStoreId=store_id)) == {"ResponseMetadata"}
    return wait_connected_or_failed(kms, store_id)


def connect_ok(kms, store_id):
    entry = connect(kms, store_id)
    assert entry["ConnectionState"] == "CONNECTED", entry
    assert "ConnectionErrorCode" not in entry, entry
    return entry


def connect_fails(kms, store_id, code):
    entry = connect(kms, store_id)
    assert entry["ConnectionState"] == "FAILED", entry
    assert entry["ConnectionErrorCode"] == code, entry
    return entry


def disconnect(kms, store_id):
    kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)
    entry = describe_store(kms, store_id)
    assert entry["ConnectionState"] == "DISCONNECTED", entry
    assert "ConnectionErrorCode" not in entry, entry
    return entry


def create_store_key(kms, store_id, **extra):
    response = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id, **extra)
    return response["KeyMetadata"]


def key_state(kms, key_id):
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    return metadata["KeyState"], metadata["Enabled"]


def expect_store_state_error(call, contains=None):
    """CustomKeyStoreInvalidStateException (the store's connection state forbids the call)."""
    response = expect_error(call, "CustomKeyStoreInvalidStateException")
    if contains is not None:
        assert contains in response["Error"]["Message"], response
    return response
