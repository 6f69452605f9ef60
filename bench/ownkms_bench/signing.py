"""SigV4 signing with botocore's own signer, so strict mode verifies what a real client sends."""

import json
from dataclasses import dataclass

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass(frozen=True)
class SignedRequest:
    """One call as it goes on the wire: POST `path` with these headers and this body. `target`
    is the X-Amz-Target of a KMS call (sent only when `path` is "/"), or a label for another API
    (e.g. "XKS.Encrypt") that picks the patterns its answers must match."""
    target: str
    headers: dict
    body: bytes
    path: str = "/"
    content_type: str = CONTENT_TYPE


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


def sign_json_post(url, label, payload, access_key, secret_key, region, service,
                   content_type="application/json"):
    """Signs a JSON POST to `url` for any SigV4 service (e.g. "kms-xks-proxy"), now; the
    signature covers host, x-amz-date and content-type, as botocore signs them."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": content_type})
    SigV4Auth(Credentials(access_key, secret_key), service, region).add_auth(request)
    headers = {name: _text(value) for name, value in request.headers.items()}
    path = url.split("://", 1)[1]
    path = path[path.index("/"):]
    return SignedRequest(label, headers, body, path, content_type)


def _text(value):
    return value.decode() if isinstance(value, bytes) else value
