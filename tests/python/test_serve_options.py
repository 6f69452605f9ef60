"""`ownkms serve` options that shape the server itself, checked on a running process."""

import subprocess
from pathlib import Path

from conftest import REPO_ROOT, OwnKmsServer
import boto3

from kmstest import DEFAULT_ACCESS_KEY, DEFAULT_SECRET, REGION


def event_loop_threads(pid):
    names = (task / "comm" for task in Path(f"/proc/{pid}/task").iterdir())
    return sum(1 for comm in names if comm.read_text().startswith("kms-io-"))


def test_io_threads_sets_the_number_of_event_loops_and_the_server_serves(tmp_path):
    server = OwnKmsServer(tmp_path / "data", tmp_path / "server.log", ["--io-threads", "3"])
    server.start()
    try:
        for _ in range(6):  # each new connection goes to the next event loop
            kms = boto3.client("kms", endpoint_url=server.endpoint, region_name=REGION,
                               aws_access_key_id=DEFAULT_ACCESS_KEY,
                               aws_secret_access_key=DEFAULT_SECRET)
            key_id = kms.create_key()["KeyMetadata"]["KeyId"]
            blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
            assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
            kms.close()
        assert event_loop_threads(server.proc.pid) == 3
    finally:
        server.stop()


def test_io_threads_out_of_range_is_refused_with_its_limits(tmp_path):
    result = subprocess.run(
        ["./ownkms", "serve", "--port", "0", "--data-dir", str(tmp_path), "--io-threads", "300"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "--io-threads must be between 0 and 256, not 300" in result.stderr
