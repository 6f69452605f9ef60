"""The CloudHSM key-store scenario: a cluster, a connected store and a key in it on a running
OwnKMS, and the raw AES-GCM rate of a SoftHSM token measured beside it (the target's
denominator: `src/test/java/dev/ownkms/bench/TokenGcmRate.java`)."""

import json
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOKEN_GCM_SOURCE = REPO / "src/test/java/dev/ownkms/bench/TokenGcmRate.java"


def _jar(java_command):
    return Path(java_command[java_command.index("-jar") + 1])


def create_cluster(java_command, data_dir):
    """`ownkms cluster create --json` on a server's data directory (it goes through that
    server's admin API); returns clusterId, trustAnchorCertificate and kmsuserPassword."""
    done = subprocess.run(java_command + ["cluster", "create", "--data-dir", str(data_dir),
                                          "--json"],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"cluster create failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def connected_store(client, cluster, name="bench-hsm", timeout_s=60):
    """CreateCustomKeyStore + ConnectCustomKeyStore, then waits for CONNECTED; returns its id."""
    store_id = client.call("CreateCustomKeyStore", {
        "CustomKeyStoreName": name, "CloudHsmClusterId": cluster["clusterId"],
        "TrustAnchorCertificate": cluster["trustAnchorCertificate"],
        "KeyStorePassword": cluster["kmsuserPassword"]})["CustomKeyStoreId"]
    return connect(client, store_id, timeout_s)


def connect(client, store_id, timeout_s=60):
    """ConnectCustomKeyStore, then waits for CONNECTED (either store type); returns the id."""
    client.call("ConnectCustomKeyStore", {"CustomKeyStoreId": store_id})
    deadline = time.monotonic() + timeout_s
    while True:
        [store] = client.call("DescribeCustomKeyStores",
                              {"CustomKeyStoreId": store_id})["CustomKeyStores"]
        state = store["ConnectionState"]
        if state == "CONNECTED":
            return store_id
        if state == "FAILED" or time.monotonic() > deadline:
            raise RuntimeError(f"custom key store {store_id} is {state}: "
                               f"{store.get('ConnectionErrorCode', '')}")
        time.sleep(0.1)


class TokenGcmRate:
    """Compiles TokenGcmRate against the server's jar once, then runs it on demand."""

    def __init__(self, java_command, work_dir, threads=2):
        self.java = java_command[0]
        self.jar = _jar(java_command)
        self.classes = Path(work_dir) / "token-gcm-classes"
        self.threads = threads
        self.runs = []

    def compile(self):
        javac = Path(self.java).parent / "javac"
        self.classes.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(javac), "-nowarn", "-cp", str(self.jar), "-d", str(self.classes),
                        str(TOKEN_GCM_SOURCE)], check=True, capture_output=True, timeout=120)

    def measure(self, warmup_s, duration_s, run_index=0):
        done = subprocess.run([self.java, "--enable-native-access=ALL-UNNAMED", "-cp",
                               f"{self.classes}:{self.jar}", "dev.ownkms.bench.TokenGcmRate",
                               str(self.threads), str(warmup_s), str(duration_s)],
                              capture_output=True, text=True, timeout=120 + warmup_s + duration_s)
        if done.returncode != 0:
            raise RuntimeError(f"TokenGcmRate failed: {done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["run"] = run_index
        self.runs.append(result)
        return result
