"""Fixtures for the OwnKMS end-to-end tests: a real server process, boto3 clients, the AWS CLI.

The server command is `./ownkms` at the repository root, or `shlex.split($OWNKMS_CMD)`.
It is started as `<cmd> serve --port 0 --data-dir <dir>` and must print a line containing
`listening on http://127.0.0.1:<port>` within 120 s (the launcher may build first).
"""

import collections
import json
import os
import queue
import re
import shlex
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from kmstest import DEFAULT_ACCESS_KEY, DEFAULT_SECRET, REGION, make_client
from kmstest import new_account_id

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30
LISTENING_RE = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


def server_command():
    configured = os.environ.get("OWNKMS_CMD")
    if configured:
        return shlex.split(configured)
    return ["./ownkms"]


class OwnKmsServer:
    """One `serve` process on a data directory; its output goes to `log_path`."""

    def __init__(self, data_dir, log_path, extra_args=()):
        self.data_dir = Path(data_dir)
        self.log_path = Path(log_path)
        self.extra_args = list(extra_args)
        self.proc = None
        self.endpoint = None

    def start(self, timeout=START_TIMEOUT_S):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab", buffering=0)
        command = server_command() + ["serve", "--port", "0", "--data-dir", str(self.data_dir)]
        command += self.extra_args
        log.write(f"$ {shlex.join(command)}\n".encode())
        self.proc = subprocess.Popen(
            command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=log, start_new_session=True)
        ports = queue.Queue()

        def pump():
            found = False
            for raw in self.proc.stdout:
                log.write(raw)
                if not found:
                    match = LISTENING_RE.search(raw.decode("utf-8", "replace"))
                    if match:
                        found = True
                        ports.put(int(match.group(1)))
            ports.put(None)

        threading.Thread(target=pump, daemon=True).start()
        try:
            port = ports.get(timeout=timeout)
        except queue.Empty:
            port = None
        if port is None:
            self.stop()
            raise RuntimeError(
                f"OwnKMS did not report 'listening on http://127.0.0.1:<port>' within {timeout} s "
                f"(exit code {self.proc.returncode}); log tail:\n{self.log_tail()}")
        self.endpoint = f"http://127.0.0.1:{port}"
        return self.endpoint

    def stop(self):
        """Sends SIGTERM to the server's process group; returns True if it exited in time."""
        if self.proc is None or self.proc.poll() is not None:
            return True
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return True
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
            return True
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            return False

    def log_tail(self, lines=60):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "<no log>"
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("ownkms-session")
    instance = OwnKmsServer(base / "data", base / "server.log")
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def endpoint(server):
    return server.endpoint


@pytest.fixture
def server_factory(tmp_path):
    """Starts extra servers (e.g. for restart tests); all are stopped at teardown."""
    started = []

    def start(data_dir, name="extra"):
        instance = OwnKmsServer(data_dir, tmp_path / f"{name}-{len(started)}.log")
        started.append(instance)
        instance.start()
        return instance

    yield start
    for instance in started:
        instance.stop()


@pytest.fixture(scope="session")
def kms(endpoint):
    """boto3 KMS client for account 111122223333 in us-east-1."""
    return make_client(endpoint)


@pytest.fixture(scope="session")
def kms_unvalidated(endpoint):
    """Same caller, but botocore's client-side checks (required, min, types) are off."""
    return make_client(endpoint, validate=False)


@pytest.fixture(scope="session")
def client_for(endpoint):
    """Factory: a client for another access key and/or region on the session server."""
    def build(access_key=DEFAULT_ACCESS_KEY, region=REGION, validate=True):
        return make_client(endpoint, access_key=access_key, region=region, validate=validate)
    return build


@pytest.fixture
def fresh_account(endpoint):
    """A client of a brand-new account (a 12-digit access key id is the account id)."""
    account = new_account_id()
    client = make_client(endpoint, access_key=account)
    client.account_id = account
    return client


CliResult = collections.namedtuple("CliResult", "returncode json stdout stderr")


@pytest.fixture(scope="session")
def cli_config(tmp_path_factory):
    path = tmp_path_factory.mktemp("aws-cli") / "config"
    path.write_text("[default]\ncli_follow_urlparam = false\noutput = json\n")
    return path


@pytest.fixture(scope="session")
def aws_cli(endpoint, cli_config):
    """Runs `aws --endpoint-url <server> --region us-east-1 kms <args>` (AWS CLI v1)."""
    def run(*args, access_key=DEFAULT_ACCESS_KEY, timeout=60):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": access_key,
            "AWS_SECRET_ACCESS_KEY": DEFAULT_SECRET,
            "AWS_CONFIG_FILE": str(cli_config),
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_MAX_ATTEMPTS": "1",
        })
        command = ["aws", "--endpoint-url", endpoint, "--region", REGION, "--output", "json",
                   "kms", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        parsed = None
        if done.stdout.strip():
            try:
                parsed = json.loads(done.stdout)
            except ValueError:
                parsed = None
        return CliResult(done.returncode, parsed, done.stdout, done.stderr)
    return run
