"""A minimal KMS client over http.client for the setup phase (create keys, make ciphertexts)."""

import http.client
import json
from urllib.parse import urlsplit


class KmsCallError(RuntimeError):
    pass


class KmsClient:
    def __init__(self, endpoint, signer):
        self.endpoint = endpoint
        self.signer = signer
        parts = urlsplit(endpoint)
        self._conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def raw(self, operation, payload):
        """Returns (status, body bytes) of one signed call."""
        signed = self.signer.sign(self.endpoint, operation, payload)
        self._conn.request("POST", "/", body=signed.body, headers=signed.headers)
        response = self._conn.getresponse()
        return response.status, response.read()

    def call(self, operation, payload):
        status, body = self.raw(operation, payload)
        if status != 200:
            raise KmsCallError(f"{operation} -> HTTP {status}: {body[:300]!r}")
        return json.loads(body) if body else {}

    def list_key_ids(self):
        ids, marker = [], None
        while True:
            page = self.call("ListKeys", {"Limit": 1000, **({"Marker": marker} if marker else {})})
            ids.extend(entry["KeyId"] for entry in page["Keys"])
            if not page.get("Truncated"):
                return ids
            marker = page["NextMarker"]

    def close(self):
        self._conn.close()
