"""The real `ownkms xks-proxy` commands, driven the way the XKS conformance client drives a proxy:
curl --aws-sigv4 with service kms-xks-proxy, over HTTPS with the proxy's private CA.

Covers `xks-proxy start --json` (the JSON line, --trust-into with and without --mtls, SIGTERM), and `xks-proxy init`,
`keys create|list|disable|enable` and `xks-proxy --config` across processes sharing one token.
"""

import json
import os
import re
import shlex
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from conftest import REPO_ROOT, server_command

HEALTH = '{"requestMetadata":{"kmsRequestId":"%s","kmsOperation":"KmsHealthCheck"}}'


def curl(endpoint, uri_path, target, body, access_key, secret, ca=None):
    command = ["curl", "-s", "--max-time", "10", "-H", "Content-Type:application/json",
               "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
               "--user", f"{access_key}:{secret}", "--data-binary", body,
               "-w", "\n%{http_code}", f"{endpoint}{uri_path}/{target}"]
    if ca:
        command[1:1] = ["--cacert", ca]
    out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    body_text, _, status = out.rpartition("\n")
    return int(status), json.loads(body_text) if body_text.strip() else None


def read_line(proc, timeout=120):
    deadline = time.time() + timeout
    line = proc.stdout.readline()
    if not line and time.time() > deadline:
        raise RuntimeError("no output")
    return line


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("ownkms-data")
    command = server_command() + ["xks-proxy", "start", "--json", "--trust-into", str(data_dir)]
    proc = subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    line = read_line(proc)
    assert line, "xks-proxy start printed nothing"
    values = json.loads(line)
    yield proc, values, data_dir
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_start_json_prints_every_value_once_ready(started):
    _, values, _ = started
    assert values["uriEndpoint"].startswith("https://127.0.0.1:")
    assert values["uriPath"].endswith("/kms/xks/v1") and values["uriPath"] != "/kms/xks/v1"
    assert re.fullmatch(r"[A-Z2-7]{20,30}", values["accessKeyId"])
    assert 43 <= len(values["secretAccessKey"]) <= 64
    assert values["region"] == "us-east-1"
    assert values["keyIds"] and values["encryptOnlyKeyId"] and values["decryptOnlyKeyId"]
    assert values["noUsageKeyId"]
    assert Path(values["caCertificate"]).read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_start_trust_into_copies_the_ca_for_an_ownkms_server(started):
    _, values, data_dir = started
    copies = list((data_dir / "xks-trusted-cas").glob("*.pem"))
    assert len(copies) == 1
    assert copies[0].read_text() == Path(values["caCertificate"]).read_text()


def test_curl_signed_health_and_encrypt_decrypt_round_trip(started):
    _, v, _ = started
    args = (v["accessKeyId"], v["secretAccessKey"], v["caCertificate"])
    status, body = curl(v["uriEndpoint"], v["uriPath"], "health", HEALTH % uuid.uuid4(), *args)
    assert status == 200 and body["ekmFleetDetails"][0]["healthStatus"] == "ACTIVE"
    meta = ('"requestMetadata":{"kmsRequestId":"%s","kmsOperation":"Encrypt",'
            '"awsPrincipalArn":"arn:aws:iam::123456789012:user/Alice",'
            '"kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/k"}' % uuid.uuid4())
    key = v["keyIds"][0]
    status, enc = curl(v["uriEndpoint"], v["uriPath"], f"keys/{key}/encrypt",
                       '{%s,"plaintext":"SGVsbG8gV29ybGQh","encryptionAlgorithm":"AES_GCM",'
                       '"additionalAuthenticatedData":"YWFk",'
                       '"ciphertextDataIntegrityValueAlgorithm":"SHA_256"}' % meta, *args)
    assert status == 200 and "ciphertextDataIntegrityValue" in enc
    decrypt = ('{%s,"ciphertext":"%s","ciphertextMetadata":"%s","initializationVector":"%s",'
               '"authenticationTag":"%s","encryptionAlgorithm":"AES_GCM",'
               '"additionalAuthenticatedData":"YWFk"}'
               % (meta.replace('"Encrypt"', '"Decrypt"'), enc["ciphertext"],
                  enc["ciphertextMetadata"], enc["initializationVector"], enc["authenticationTag"]))
    status, dec = curl(v["uriEndpoint"], v["uriPath"], f"keys/{key}/decrypt", decrypt, *args)
    assert status == 200 and dec == {"plaintext": "SGVsbG8gV29ybGQh"}


def test_curl_with_wrong_secret_is_authentication_failed(started):
    _, v, _ = started
    status, body = curl(v["uriEndpoint"], v["uriPath"], "health", HEALTH % uuid.uuid4(),
                        v["accessKeyId"], "PleaseReplaceThisWithSomeSecretOfLength43To64",
                        v["caCertificate"])
    assert status == 401 and body["errorName"] == "AuthenticationFailedException"


def test_sigterm_stops_the_proxy(tmp_path):
    proc = subprocess.Popen(server_command() + ["xks-proxy", "start", "--json", "--http",
                                                "--dir", str(tmp_path)],
                            cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    values = json.loads(read_line(proc))
    assert values["caCertificate"] is None and values["uriEndpoint"].startswith("http://")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) in (0, 143)  # 143: the JVM exits by the signal after its hooks


def test_start_mtls_trust_into_copies_the_client_certificate_owner_only(tmp_path):
    data_dir = tmp_path / "ownkms-data"
    proc = subprocess.Popen(server_command() + ["xks-proxy", "start", "--json", "--mtls",
                                                "--dir", str(tmp_path / "proxy"),
                                                "--trust-into", str(data_dir)],
                            cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        values = json.loads(read_line(proc))
        client = data_dir / "xks-client"
        assert values["clientCertificateCopy"] == str(client / "client.pem")
        assert (client / "client.pem").read_text() == Path(values["clientCertificate"]).read_text()
        assert (client / "client.key").read_text() == Path(values["clientKey"]).read_text()
        assert (client / "client.key").stat().st_mode & 0o077 == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def run(*args):
    result = subprocess.run(server_command() + list(args), cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_init_keys_and_config_serve_across_processes(tmp_path):
    folder = tmp_path / "proxy"
    out = run("xks-proxy", "init", "--dir", str(folder), "--listen", "127.0.0.1:0")
    assert "XksProxyUriPath:" in out and "RawSecretAccessKey:" in out
    console = json.loads((folder / "xks-proxy-configuration.json").read_text())
    assert set(console) == {"XksProxyUriPath", "XksProxyAuthenticationCredential"}
    assert set(console["XksProxyAuthenticationCredential"]) == {"AccessKeyId",
                                                                "RawSecretAccessKey"}
    config = folder / "xks-proxy.toml"
    assert oct(config.stat().st_mode & 0o777) == "0o600"
    run("xks-proxy", "keys", "create", "only-enc", "--usage", "encrypt-only",
        "--config", str(config))
    listing = run("xks-proxy", "keys", "list", "--config", str(config))
    assert re.search(r"only-enc\s+AES_256\s+encrypt-only\s+ENABLED", listing)
    assert re.search(r"key-1\s+AES_256\s+encrypt-decrypt\s+ENABLED", listing)

    proc = subprocess.Popen(server_command() + ["xks-proxy", "--config", str(config)],
                            cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        match = None
        while match is None:
            line = read_line(proc)
            assert line, "the proxy exited"
            match = re.search(r"listening on (https://127\.0\.0\.1:\d+)(\S+)/kms/xks/v1", line)
        endpoint, prefix = match.group(1), match.group(2)
        credential = console["XksProxyAuthenticationCredential"]
        args = (credential["AccessKeyId"], credential["RawSecretAccessKey"],
                str(folder / "tls" / "ca.pem"))
        uri_path = prefix + "/kms/xks/v1"
        assert uri_path == console["XksProxyUriPath"]
        metadata = ('{"requestMetadata":{"kmsRequestId":"1","kmsOperation":"CreateKey",'
                    '"awsPrincipalArn":"arn:aws:iam::123456789012:root"}}')
        # curl checks the certificate against the name localhost, as KMS checks the host name.
        endpoint = endpoint.replace("127.0.0.1", "localhost")
        status, body = curl(endpoint, uri_path, "keys/key-1/metadata", metadata, *args)
        assert status == 200 and body == {"keySpec": "AES_256",
                                          "keyUsage": ["ENCRYPT", "DECRYPT"],
                                          "keyStatus": "ENABLED"}
        run("xks-proxy", "keys", "disable", "key-1", "--config", str(config))
        time.sleep(1.5)  # the proxy reads key state again after one second
        status, body = curl(endpoint, uri_path, "keys/key-1/metadata", metadata, *args)
        assert status == 200 and body["keyStatus"] == "DISABLED"
        run("xks-proxy", "keys", "enable", "key-1", "--config", str(config))
        time.sleep(1.5)
        status, body = curl(endpoint, uri_path, "keys/key-1/metadata", metadata, *args)
        assert body["keyStatus"] == "ENABLED"

        # Rotation without a restart: a second credential added to the file is accepted.
        rotated = ("ROTATEDACCESSKEYID234567", "RotatedSecretOfLength43To64ForThePytestCase0")
        with open(config, "a") as f:
            f.write('\n[[credentials]]\naccess_key_id = "%s"\nsecret_access_key = "%s"\n'
                    % rotated)
        deadline = time.time() + 15
        status = None
        while time.time() < deadline and status != 200:
            time.sleep(0.5)
            status, _ = curl(endpoint, uri_path, "health", HEALTH % uuid.uuid4(), *rotated,
                             args[2])
        assert status == 200
        status, _ = curl(endpoint, uri_path, "health", HEALTH % uuid.uuid4(), *args)
        assert status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
