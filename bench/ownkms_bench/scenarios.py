"""What is measured: a scenario is a set of signed requests, a target endpoint and the response
patterns every answer must match.

Adding a key store or a peer is adding a Series: a label, a running target and the key fixture
made on it (e.g. a key in a CloudHSM key store: `prepare_fixture(client, create_key={...,
"CustomKeyStoreId": ...})`); the operations below then apply unchanged. A scenario with another
request shape (calling an XKS proxy directly) is a Scenario with its own `sign` function and
patterns.
"""

import base64
import os
from dataclasses import dataclass, field
from typing import Callable

from .kms_client import KmsClient

PLAINTEXT_BYTES = 64

B64 = "[A-Za-z0-9+/=]+"
# Lua patterns (not regexes): %s is whitespace, %- a literal '-'.
ARN = '"KeyId"%s*:%s*"arn:aws:kms:'
BLOB = '"CiphertextBlob"%s*:%s*"' + B64 + '"'
PLAINTEXT = '"Plaintext"%s*:%s*"' + B64 + '"'

# operation -> (payload from a KeyFixture, patterns every 2xx answer must match)
OPERATIONS = {
    "Encrypt": (lambda f: {"KeyId": f.key_id, "Plaintext": f.plaintext_b64}, [BLOB, ARN]),
    "Decrypt": (lambda f: {"CiphertextBlob": f.ciphertext_b64}, [PLAINTEXT, ARN]),
    "GenerateDataKey": (lambda f: {"KeyId": f.key_id, "KeySpec": "AES_256"},
                        [BLOB, PLAINTEXT, ARN]),
    "GenerateDataKeyWithoutPlaintext": (lambda f: {"KeyId": f.key_id, "KeySpec": "AES_256"},
                                        [BLOB, ARN]),
    "DescribeKey": (lambda f: {"KeyId": f.key_id},
                    ['"KeyMetadata"%s*:%s*{', '"KeyState"%s*:%s*"Enabled"']),
}
CREATE_KEY_PATTERNS = ['"KeyMetadata"%s*:%s*{', '"KeyId"%s*:%s*"']


@dataclass(frozen=True)
class KeyFixture:
    """A key on one target and a ciphertext it made, for the requests above."""
    key_id: str
    ciphertext_b64: str
    plaintext_b64: str


def prepare_fixture(client: KmsClient, create_key=None):
    plaintext = base64.b64encode(os.urandom(PLAINTEXT_BYTES)).decode()
    key_id = client.call("CreateKey", create_key or {})["KeyMetadata"]["KeyId"]
    blob = client.call("Encrypt", {"KeyId": key_id, "Plaintext": plaintext})["CiphertextBlob"]
    return KeyFixture(key_id, blob, plaintext)


@dataclass
class Series:
    """One line in the chart: a target with a signer and a key fixture on it."""
    label: str
    kind: str  # "ownkms" (held to the targets), "peer" or "ceiling"
    endpoint: str
    signer: object
    fixture: KeyFixture = None
    operations: tuple = tuple(OPERATIONS)
    pid: int = None


@dataclass
class Scenario:
    series: Series
    operation: str
    sign: Callable = field(repr=False)  # () -> [SignedRequest], called just before each run
    expect: dict = field(repr=False)    # X-Amz-Target -> [Lua pattern]
    # X-Amz-Target -> a Lua pattern of non-2xx answers that are right under overload (counted
    # apart, not as bad), e.g. an external key store's proxy time-out
    tolerated: dict = field(default=None, repr=False)


def scenario(series, operation):
    payload, patterns = OPERATIONS[operation]

    def sign():
        return [series.signer.sign(series.endpoint, operation, payload(series.fixture))]

    return Scenario(series, operation, sign, {"TrentService." + operation: patterns})
