"""SigV4 signing with botocore's own signer, so strict mode verifies what a real client sends."""

import json
from dataclasses import dataclass

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass(frozen=True)
class SignedRequest:
    """One KMS call as it goes on the wire: POST / with these headers and this body."""
    target: str
    headers: dict
    body: bytes


@dataclass(frozen=True)
class Signer:
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def sign(self, endpoint, operation, payload):
        """Signs `operation` (e.g. "Encrypt") with a JSON `payload` for `endpoint`, now."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        target = "TrentService." + operation
        request = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
            "Content-Type": CONTENT_TYPE, "X-Amz-Target": target})
        SigV4Auth(Credentials(self.access_key, self.secret_key), "kms", self.region).add_auth(request)
        headers = {name: _text(value) for name, value in request.headers.items()}
        return SignedRequest(target, headers, body)


def _text(value):
    return value.decode() if isinstance(value, bytes) else value
