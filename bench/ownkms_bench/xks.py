"""The external key-store scenario: `ownkms xks-proxy start` beside the permissive OwnKMS, an
EXTERNAL_KEY_STORE connected to it and a key in it, and the same proxy called directly with the
request OwnKMS sends it (the overhead OwnKMS adds is the difference).

A KMS key in an external store encrypts twice: the default store's blob of the plaintext (49-byte
header + plaintext + 16-byte tag), then that blob as the proxy's plaintext, with an AAD of the
blob version and key id (17 bytes) and the canonical encryption context (4 bytes when empty). The
direct scenario sends exactly that shape, so both sides do the same token work.
"""

import base64
import json
import os
import uuid

from .scenarios import B64, KeyFixture, Scenario, Series, scenario
from .cloudhsm import connect
from .servers import Target
from .signing import sign_json_post

KMS_SERIES = "OwnKMS XKS"
DIRECT_SERIES = "xks-proxy direct"
DIRECT_OPERATION = "XKS.Encrypt"
PLAINTEXT_BYTES = 32  # a data key: Encrypt and GenerateDataKey then send the proxy the same size
INNER_OVERHEAD = 49 + 16  # the default-store header and GCM tag around the plaintext
AAD_BYTES = 17 + 4  # blob version + key id, then an empty encryption context
XKS_KEY_ID = "foo"
OPERATIONS = ("Encrypt", "GenerateDataKey")
# AWS KMS's request quota for one external key store (cryptographic operations, per second):
# the rate at which the XKS latency target is measured.
QUOTA_RPS = 1800

# OwnKMS's KMSInvalidStateException when a proxy call failed in transport: over the 250 ms
# deadline ("...proxy did not respond in time...") or no connection ("cannot communicate with the
# external key store proxy..."). Right answers under overload (AWS gives the same): counted apart
# and reported, with the first one's text, rather than as bad answers.
PROXY_FAILURE = "KMSInvalidStateException.-external key store proxy"

# Lua patterns every direct answer must match (xks.md: Encrypt's response members).
DIRECT_PATTERNS = ['"ciphertext"%s*:%s*"' + B64 + '"',
                   '"initializationVector"%s*:%s*"' + B64 + '"',
                   '"authenticationTag"%s*:%s*"' + B64 + '"',
                   '"ciphertextDataIntegrityValue"%s*:%s*"' + B64 + '"']


class XksProxy(Target):
    """`ownkms xks-proxy start --json --trust-into <data dir>`: loopback HTTPS over a fresh
    SoftHSM token; ready when it prints its JSON line (endpoint, path, credentials, key ids)."""
    name = "xks-proxy"

    def __init__(self, work_dir, java_command, trust_into):
        super().__init__(work_dir)
        self.java_command = java_command
        self.trust_into = trust_into
        self.values = None

    def start(self, timeout_s=120):
        proc = self._spawn(self.java_command + [
            "xks-proxy", "start", "--json", "--dir", str(self.work_dir / "xks-proxy"),
            "--trust-into", str(self.trust_into)])
        line = self._ready_line(proc, lambda text: text.lstrip().startswith(b"{") and text,
                                timeout_s)
        if line is None:
            self.stop()
            raise RuntimeError(f"xks-proxy did not start; see {self.log_path}")
        self.values = json.loads(line)
        self.endpoint = self.values["uriEndpoint"]
        return self.endpoint


def connected_store(client, values, name="bench-xks", timeout_s=60):
    """CreateCustomKeyStore (EXTERNAL_KEY_STORE, PUBLIC_ENDPOINT) + ConnectCustomKeyStore, then
    waits for CONNECTED; returns its id."""
    store_id = client.call("CreateCustomKeyStore", {
        "CustomKeyStoreName": name, "CustomKeyStoreType": "EXTERNAL_KEY_STORE",
        "XksProxyConnectivity": "PUBLIC_ENDPOINT", "XksProxyUriEndpoint": values["uriEndpoint"],
        "XksProxyUriPath": values["uriPath"],
        "XksProxyAuthenticationCredential": {
            "AccessKeyId": values["accessKeyId"],
            "RawSecretAccessKey": values["secretAccessKey"]}})["CustomKeyStoreId"]
    return connect(client, store_id, timeout_s)


def fixture(client, store_id):
    """A key in the store (XksKeyId "foo") and a ciphertext of a 32-byte plaintext under it."""
    plaintext = base64.b64encode(os.urandom(PLAINTEXT_BYTES)).decode()
    key_id = client.call("CreateKey", {"Origin": "EXTERNAL_KEY_STORE",
                                       "CustomKeyStoreId": store_id,
                                       "XksKeyId": XKS_KEY_ID})["KeyMetadata"]["KeyId"]
    blob = client.call("Encrypt", {"KeyId": key_id, "Plaintext": plaintext})["CiphertextBlob"]
    return KeyFixture(key_id, blob, plaintext)


def kms_scenario(series, operation):
    """Encrypt or GenerateDataKey (KeySpec AES_256: 32 bytes) under the external key, through
    OwnKMS; the answers are checked as for every other key."""
    sc = scenario(series, operation)
    sc.tolerated = {"TrentService." + operation: PROXY_FAILURE}
    return sc


def direct_series(proxy, fixture_):
    return Series(DIRECT_SERIES, "xks-proxy", proxy.endpoint, signer=proxy.values,
                  fixture=fixture_, operations=(DIRECT_OPERATION,), pid=proxy.pid())


def direct_scenario(series):
    """The proxy's Encrypt as OwnKMS calls it for a 32-byte Encrypt: a 97-byte plaintext, a
    21-byte AAD, the integrity value (SHA_256) asked for, signed with the proxy's credentials."""
    values = series.signer
    url = (values["uriEndpoint"] + values["uriPath"] + "/keys/" + XKS_KEY_ID + "/encrypt")
    key_arn = f"arn:aws:kms:us-east-1:111122223333:key/{series.fixture.key_id}"

    def sign():
        payload = {
            "requestMetadata": {
                "awsPrincipalArn": "arn:aws:iam::111122223333:root",
                "kmsKeyArn": key_arn, "kmsOperation": "Encrypt",
                "kmsRequestId": str(uuid.uuid4())},
            "additionalAuthenticatedData": base64.b64encode(os.urandom(AAD_BYTES)).decode(),
            "plaintext": base64.b64encode(os.urandom(PLAINTEXT_BYTES + INNER_OVERHEAD)).decode(),
            "encryptionAlgorithm": "AES_GCM",
            "ciphertextDataIntegrityValueAlgorithm": "SHA_256"}
        return [sign_json_post(url, DIRECT_OPERATION, payload, values["accessKeyId"],
                               values["secretAccessKey"], values["region"], "kms-xks-proxy")]

    return Scenario(series, DIRECT_OPERATION, sign, {DIRECT_OPERATION: DIRECT_PATTERNS})
