"""Helpers for the external key store tests: real `ownkms xks-proxy` processes (quick `start`
proxies and `init`/`--config` proxies whose config file the tests edit), real faults (stopped,
frozen, untrusted, expired, wrong path, not an XKS proxy), the `ownkms vpce` CLI, and the
XKS-specific store calls over boto3 (xks.md §2, kms-contract.md §1.2, §2.1–2.7).

Every process is started in its own session and stopped by its own pid (SIGCONT first, so a frozen
one can exit). Nothing here prints a secret.
"""

import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cloudhsm import describe_store
from conftest import REPO_ROOT, server_command

START_TIMEOUT_S = 120
STOP_TIMEOUT_S = 30

# --- Messages (XKS-DECISIONS.md; verbatim from xks.md §2.5, §2.6, kms-contract.md §2.7) --------

MSG_INVALID_RESPONSE = (
    "AWS KMS cannot interpret the response from the external key store proxy. If you see this "
    "error repeatedly, report it to your external key store proxy administrator.")
MSG_AUTHENTICATION = (
    "The external key store proxy rejected the request because it could not authenticate AWS "
    "KMS. Verify the XKS proxy authentication credentials for your external key store and update "
    "if necessary.")
MSG_URI_PATH = (
    "The external key store proxy rejected the request because of an invalid URI path. Verify "
    "the URI path for your external key store and update if necessary.")
MSG_NO_TCP = (
    "AWS KMS cannot communicate with the external key store proxy. This might be a transient "
    "network issue. If you see this error repeatedly, verify that your external key store proxy "
    "is active and is connected to the network, and that its endpoint URI is correct in your "
    "external keystore.")
MSG_NO_TLS = (
    "AWS KMS cannot establish a TLS connection to the external key store proxy. Verify the TLS "
    "configuration, including its certificate.")
MSG_TIMEOUT = (
    "AWS KMS rejected the request because the external key store proxy did not respond in time. "
    "Retry the request. If you see this error repeatedly, report it to your external key store "
    "proxy administrator.")
MSG_KEY_NOT_ENABLED = (
    "The external key associated with this KMS key in an external key store is not enabled in "
    "the external key manager. Enable the external key in the external key manager and retry the "
    "request.")
MSG_KEY_USAGE = (
    "The external key associated with this KMS key in an external key store does not support the "
    "requested operation. Enable the operation on the key in your external key manager, and try "
    "the request again.")
MSG_ACCESS_DENIED = (
    "The external key store proxy denied access to the operation. Verify that the user and the "
    "external key are both authorized for this operation, and try the request again.")
MSG_KEY_NOT_FOUND_CREATE = (
    "The external key store proxy rejected the request because it could not find the external "
    "key.")
MSG_PROXY_REJECTED_CIPHERTEXT = (
    "The external key store proxy rejected the request because the specified ciphertext or "
    "encryption context is corrupted, missing, or otherwise invalid.")
MSG_STORE_NOT_CONNECTED = (
    "This KMS key is in a custom key store that is not connected to its external key store "
    "proxy. Connect the external key store and try the request again.")
MSG_STATUS_DISABLED = ("The status of the external key must be ENABLED. The status of specified "
                       "external key is DISABLED.")
MSG_USAGE_PREFIX = ("The key usage of the external key must include ENCRYPT and DECRYPT. The key "
                    "use of specified external key is ")

UNUSED_SECRET = "WrongSecretOfLength43To64ForTheXksEndToEndTests0"


def xks_origin_message(arn):
    return f"{arn} origin is EXTERNAL_KEY_STORE which is not valid for this operation."


# --- Processes ----------------------------------------------------------------------------------

class ProxyProcess:
    """One proxy process (`xks-proxy start` or `xks-proxy --config`), in its own session."""

    def __init__(self, proc, log_path):
        self.proc = proc
        self.log_path = log_path
        self.frozen = False

    def freeze(self):
        """SIGSTOP: the kernel still completes TCP handshakes (backlog); nothing answers."""
        os.kill(self.proc.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        if self.frozen and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
        self.frozen = False

    def kill(self):
        """SIGKILL: the port closes at once (connection refused)."""
        self.thaw()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=STOP_TIMEOUT_S)

    def stop(self):
        self.thaw()
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def _popen(args, log_path):
    log = open(log_path, "ab", buffering=0)
    log.write(f"$ ownkms {' '.join(args)}\n".encode())
    proc = subprocess.Popen(server_command() + list(args), cwd=REPO_ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                            text=True, start_new_session=True)
    log.close()  # the child has its own copy of the descriptor
    return proc


def _read_until(proc, pattern, what, timeout=START_TIMEOUT_S):
    """Reads stdout lines until one matches; the rest of stdout keeps draining in a thread."""
    found = {}
    done = threading.Event()

    def pump():
        for line in proc.stdout:
            if not done.is_set():
                match = pattern.search(line)
                if match:
                    found["match"] = match
                    done.set()
        done.set()

    threading.Thread(target=pump, daemon=True).start()
    done.wait(timeout)
    if "match" not in found:
        if proc.poll() is None:
            proc.kill()
        raise RuntimeError(f"{what} did not start (exit code {proc.poll()})")
    return found["match"]


JSON_LINE = re.compile(r"^\{.*\}\s*$")


def start_quick_proxy(workdir, trust_into=None, port=0, mtls=False):
    """`xks-proxy start --json [--trust-into D] [--port N]`: returns (ProxyProcess, values)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    proxy_dir = workdir / f"quick-{uuid.uuid4().hex[:8]}"
    args = ["xks-proxy", "start", "--json", "--dir", str(proxy_dir), "--port", str(port)]
    if trust_into is not None:
        args += ["--trust-into", str(trust_into)]
    if mtls:
        args.append("--mtls")
    proc = _popen(args, workdir / "proxies.log")
    values = json.loads(_read_until(proc, JSON_LINE, "xks-proxy start").group(0))
    return ProxyProcess(proc, workdir / "proxies.log"), values


LISTENING = re.compile(r"listening on https://127\.0\.0\.1:(\d+)(\S*)/kms/xks/v1")


class ConfigProxy:
    """A proxy from `xks-proxy init`, run with `xks-proxy --config FILE`; the tests edit the file.

    The credential list and the key rules are re-read by the running proxy (it polls the file's
    modification time every 2 s); the listen port, URI prefix and TLS files need a restart.
    The init certificate names `localhost` only, so the endpoint is https://localhost:PORT.
    """

    def __init__(self, directory, first_key="key-1"):
        self.dir = Path(directory)
        out = run_ok("xks-proxy", "init", "--dir", str(self.dir), "--listen", "127.0.0.1:0",
                     "--key", first_key)
        assert "XksProxyUriPath:" in out
        console = json.loads((self.dir / "xks-proxy-configuration.json").read_text())
        credential = console["XksProxyAuthenticationCredential"]
        self.credentials = [(credential["AccessKeyId"], credential["RawSecretAccessKey"])]
        self.uri_path = console["XksProxyUriPath"]
        self.prefix = self.uri_path[:-len("/kms/xks/v1")]
        self.config = self.dir / "xks-proxy.toml"
        self.template = self.config.read_text()
        self.port = 0
        self.tls = ("tls/server.pem", "tls/server.key")
        self.key_rules = []
        self.process = None
        self.ca = self.dir / "tls" / "ca.pem"
        self.ca_key = self.dir / "tls" / "ca.key"

    @property
    def endpoint(self):
        return f"https://localhost:{self.port}"

    @property
    def credential(self):
        """The newest credential, as CreateCustomKeyStore takes it."""
        access, secret = self.credentials[-1]
        return {"AccessKeyId": access, "RawSecretAccessKey": secret}

    def render(self, path=None):
        """Writes the config file from the current settings (keeps the token section)."""
        text = self.template
        text = re.sub(r'(?m)^listen = ".*"', f'listen = "127.0.0.1:{self.port}"', text)
        text = re.sub(r'(?m)^uri_prefix = "[^"]*"', f'uri_prefix = "{self.prefix}"', text)
        text = re.sub(r'(?m)^certificate = ".*"', f'certificate = "{self.tls[0]}"', text)
        text = re.sub(r'(?m)^private_key = ".*"', f'private_key = "{self.tls[1]}"', text)
        head, _, rest = text.partition("[[credentials]]")
        _, _, tail = rest.partition("[pkcs11]")
        blocks = "".join(f'[[credentials]]\naccess_key_id = "{a}"\nsecret_access_key = "{s}"\n\n'
                         for a, s in self.credentials)
        rules = "".join(f'\n[[keys]]\nid = "{key_id}"\n' + "".join(
            f"{name} = {json.dumps(value)}\n" for name, value in settings.items())
            for key_id, settings in self.key_rules)
        target = Path(path) if path else self.config
        previous = target.stat().st_mtime_ns if target.exists() else 0
        target.write_text(head + blocks + "[pkcs11]" + tail + rules)
        if target.stat().st_mtime_ns == previous:  # the proxy reloads on a changed mtime
            os.utime(target, ns=(previous + 1_000_000, previous + 1_000_000))
        return target

    def start(self, config=None):
        config = config or self.render()
        proc = _popen(["xks-proxy", "--config", str(config)], self.dir / "proxy.log")
        match = _read_until(proc, LISTENING, "xks-proxy --config")
        self.port = int(match.group(1))
        assert match.group(2) == self.prefix, (match.group(2), self.prefix)
        self.process = ProxyProcess(proc, self.dir / "proxy.log")
        self.warm_up()
        return self

    def warm_up(self):
        """A few calls before the tests' own: a fresh proxy JVM answers its first requests in
        more than KMS's 250 ms, which would read as a time-out no test meant."""
        for _ in range(5):
            try:
                self.health()
            except Exception:  # an expired certificate, a dropped credential: warm enough
                pass

    def restart(self):
        """Stops and starts on the same port (SO_REUSEADDR), with the current settings."""
        self.stop()
        deadline = time.monotonic() + 20
        while True:
            try:
                return self.start()
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self):
        if self.process is not None:
            self.process.stop()
            self.process = None

    def wait_for(self, check, what, timeout=15):
        """Polls `check()` until true: the proxy re-reads its config file within ~2 s of a
        change, including a change made while it was starting."""
        deadline = time.monotonic() + timeout
        while not check():
            assert time.monotonic() < deadline, f"the proxy did not take up {what}"
            time.sleep(0.2)

    def keys(self, *args):
        return run_ok("xks-proxy", "keys", *args, "--config", str(self.config))

    def health(self, access=None, secret=None, uri_path=None):
        access, secret = (access, secret) if access else self.credentials[-1]
        return signed_post(self.endpoint, uri_path or self.uri_path, "health", HEALTH_BODY,
                           access, secret, self.ca)

    def wait_accepts(self, access, secret, accepted=True, timeout=15):
        """Polls a signed health call until the (re-read) credential list gives the wanted
        answer: 200 when accepted, 401 when not."""
        want = 200 if accepted else 401
        self.wait_for(lambda: self.health(access, secret)[0] == want,
                      "the new credential list", timeout)


def run_ok(*args, timeout=180):
    done = subprocess.run(server_command() + list(args), cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"ownkms {args[:3]} failed: {done.stderr}"
    return done.stdout


def trust(data_dir, ca_pem, name):
    """What `--trust-into` does: the server trusts every *.pem in <data-dir>/xks-trusted-cas/."""
    target = Path(data_dir) / "xks-trusted-cas" / f"{name}.pem"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ca_pem, target)
    return target


# --- Signed calls to a proxy (what curl --aws-sigv4 does in test_xks_proxy.py) ------------------

HEALTH_BODY = ('{"requestMetadata":{"kmsRequestId":"%s","kmsOperation":"KmsHealthCheck"}}'
               % uuid.uuid4())


def signed_post(endpoint, uri_path, target, body, access, secret, ca, timeout=5):
    """POST <endpoint><uri_path>/<target>, SigV4 for kms-xks-proxy/us-east-1; (status, json)."""
    url = f"{endpoint}{uri_path}/{target}"
    request = AWSRequest(method="POST", url=url, data=body.encode(),
                         headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(access, secret), "kms-xks-proxy", "us-east-1").add_auth(request)
    prepared = request.prepare()
    context = ssl.create_default_context(cafile=str(ca)) if ca else None
    http_request = urllib.request.Request(url, data=prepared.body, method="POST",
                                          headers=dict(prepared.headers))
    try:
        with urllib.request.urlopen(http_request, timeout=timeout, context=context) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    try:
        return status, json.loads(text) if text.strip() else None
    except ValueError:
        return status, text


# --- Certificates with openssl ------------------------------------------------------------------

OPENSSL_CA_CONFIG = """\
[ ca ]
default_ca = test_ca
[ test_ca ]
database = {dir}/index.txt
new_certs_dir = {dir}
serial = {dir}/serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
"""


class OpensslCa:
    """A private CA made with the openssl CLI; issues server certificates for localhost and
    127.0.0.1, valid now or already expired (`openssl ca -startdate/-enddate`)."""

    def __init__(self, directory, name="xks-e2e test CA"):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "index.txt").write_text("")
        (self.dir / "serial").write_text("1000\n")
        self.config = self.dir / "openssl-ca.cnf"
        self.config.write_text(OPENSSL_CA_CONFIG.format(dir=self.dir))
        self.cert = self.dir / "ca.pem"
        self.key = self.dir / "ca.key"
        self._openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", self.key, "-out", self.cert, "-days", "30",
                      "-subj", f"/CN={name}")

    def _openssl(self, *args):
        done = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"openssl {args[0]} failed: {done.stderr}"

    def issue(self, name, expired=False):
        """Returns (certificate, key) paths for CN=localhost."""
        key, csr, cert = (self.dir / f"{name}.key", self.dir / f"{name}.csr",
                          self.dir / f"{name}.pem")
        self._openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
        validity = (["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"] if expired
                    else ["-days", "30"])
        self._openssl("ca", "-batch", "-config", self.config, "-cert", self.cert,
                      "-keyfile", self.key, "-in", csr, "-out", cert, "-extensions", "server",
                      "-notext", *validity)
        return cert, key


class NotAProxy:
    """A real HTTPS server (python http.server + ssl) that answers every POST with 200 and an
    HTML page: the 'invalid response' fault."""

    def __init__(self, cert, key, port=0):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = b"<html><body>It works!</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.endpoint = f"https://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- The vpce CLI ---------------------------------------------------------------------------------

def vpce(data_dir, *args):
    """`ownkms vpce <args> --data-dir D --json`: the finished process."""
    return subprocess.run(server_command() + ["vpce", *args, "--data-dir", str(data_dir),
                                              "--json"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)


def vpce_ok(data_dir, *args):
    done = vpce(data_dir, *args)
    assert done.returncode == 0, f"ownkms vpce {args[:1]} failed: {done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def new_service_name():
    return f"com.amazonaws.vpce.us-east-1.vpce-svc-{uuid.uuid4().hex[:17]}"


# --- Store calls -------------------------------------------------------------------------------

def unique_name(prefix="xks"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def public_store_args(endpoint, uri_path, credential, name=None):
    return dict(CustomKeyStoreName=name or unique_name(), CustomKeyStoreType="EXTERNAL_KEY_STORE",
                XksProxyConnectivity="PUBLIC_ENDPOINT", XksProxyUriEndpoint=endpoint,
                XksProxyUriPath=uri_path, XksProxyAuthenticationCredential=credential)


def quick_credential(values, secret=None):
    return {"AccessKeyId": values["accessKeyId"],
            "RawSecretAccessKey": secret or values["secretAccessKey"]}


def create_public_store(kms, endpoint, uri_path, credential, name=None):
    response = kms.create_custom_key_store(**public_store_args(endpoint, uri_path, credential,
                                                               name))
    return response["CustomKeyStoreId"]


def create_xks_key(kms, store_id, xks_key_id, **extra):
    return kms.create_key(Origin="EXTERNAL_KEY_STORE", CustomKeyStoreId=store_id,
                          XksKeyId=xks_key_id, **extra)["KeyMetadata"]


def assert_no_secret(response, *secrets):
    """No secret anywhere in a response (its whole repr, headers included)."""
    text = repr(response)
    for secret in secrets:
        assert secret not in text, "a secret appears in the response"


def proxy_configuration(kms, store_id):
    return describe_store(kms, store_id)["XksProxyConfiguration"]


def disconnect(kms, store_id, timeout=20):
    """DisconnectCustomKeyStore; waits through DISCONNECTING (kms-contract.md §2.5) for
    DISCONNECTED without an error code."""
    assert set(kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)) == {"ResponseMetadata"}
    deadline = time.monotonic() + timeout
    while True:
        entry = describe_store(kms, store_id)
        if entry["ConnectionState"] == "DISCONNECTED":
            assert "ConnectionErrorCode" not in entry, entry
            return entry
        assert entry["ConnectionState"] == "DISCONNECTING", entry
        assert time.monotonic() < deadline, f"still DISCONNECTING after {timeout} s"
        time.sleep(0.05)
