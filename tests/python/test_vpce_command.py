"""`ownkms vpce` on a data directory with no server (in-process) and then through the running
server's admin API, across real processes."""

import json
import subprocess

from conftest import REPO_ROOT, server_command

OFFLINE = "com.amazonaws.vpce.us-east-1.vpce-svc-0offline0"
ONLINE = "com.amazonaws.vpce.eu-west-1.vpce-svc-0online0"


def vpce(data_dir, *args):
    return subprocess.run(server_command() + ["vpce", *args, "--data-dir", str(data_dir)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)


def vpce_json(data_dir, *args):
    done = vpce(data_dir, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def names(listed):
    return [s["serviceName"] for s in listed["vpcEndpointServices"]]


def test_vpce_commands_without_a_server_and_then_through_it(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    created = vpce_json(data_dir, "create", "--name", OFFLINE, "--private-dns-name",
                        "xks.example.com")
    assert created["region"] == "us-east-1"
    assert created["owner"] == "111122223333"
    assert created["requirementsBroken"] == []
    assert names(vpce_json(data_dir, "list")) == [OFFLINE]

    server = server_factory(data_dir, name="vpce")
    broken = vpce_json(data_dir, "create", "--name", ONLINE, "--private-dns-name", "localhost",
                       "--owner", "444455556666", "--availability-zones", "1",
                       "--unverified-dns")
    assert len(broken["requirementsBroken"]) == 2
    assert names(vpce_json(data_dir, "list")) == [ONLINE, OFFLINE]
    assert "Registered VPC endpoint service " + ONLINE in server.log_path.read_text()

    duplicate = vpce(data_dir, "create", "--name", OFFLINE, "--private-dns-name", "x.example.com")
    assert duplicate.returncode == 1
    assert duplicate.stderr.strip() == (
        f"ownkms vpce: AlreadyExistsException: A VPC endpoint service named {OFFLINE}"
        " already exists.")

    assert vpce_json(data_dir, "delete", OFFLINE) == {}
    assert names(vpce_json(data_dir, "list")) == [ONLINE]
    missing = vpce(data_dir, "describe", OFFLINE)
    assert missing.returncode == 1
    assert f"No VPC endpoint service is named {OFFLINE}." in missing.stderr
