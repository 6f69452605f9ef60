"""Shared constants and assertion helpers for the OwnKMS end-to-end tests.

Every expected text below comes from the reference (kms-contract.md, kms-errors.md,
aws-recorded-errors.json); tests cite the section next to the assertion.
"""

import datetime
import itertools
import random
import re
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"
DEFAULT_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
DEFAULT_SECRET = "test"
# A non-12-digit access key id maps to this account (DESIGN.md "Accounts, regions, auth").
DEFAULT_ACCOUNT = "111122223333"

KEY_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")

_counter = itertools.count()


def key_arn(key_id, account=DEFAULT_ACCOUNT, region=REGION):
    return f"arn:aws:kms:{region}:{account}:key/{key_id}"


def alias_arn(alias_name, account=DEFAULT_ACCOUNT, region=REGION):
    return f"arn:aws:kms:{region}:{account}:{alias_name}"


def not_found_message(key_id, account=DEFAULT_ACCOUNT, region=REGION):
    """kms-errors.md §5: a well-formed unknown key id is reported with the full key ARN."""
    return f"Key '{key_arn(key_id, account, region)}' does not exist"


def unique_alias(prefix="test"):
    return f"alias/{prefix}-{uuid.uuid4().hex[:12]}-{next(_counter)}"


def new_account_id():
    """A random 12-digit account id (a 12-digit access key id is itself the account id)."""
    return str(random.randrange(10**11, 10**12))


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def assert_close_to(when, expected, tolerance):
    """`when` (an aware datetime from botocore) lies within `tolerance` of `expected`."""
    assert isinstance(when, datetime.datetime), when
    assert abs(when - expected) <= tolerance, f"{when} is not within {tolerance} of {expected}"


def expect_error(call, code, message=None, status=400):
    """Runs `call`, expects a ClientError with AWS's code (and message, when given) and status.

    Returns the botocore error response for further checks.
    """
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    error = response.get("Error", {})
    assert error.get("Code") == code, response
    if message is not None:
        assert error.get("Message") == message, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status, response
    return response


def validation_message(value, path, constraint):
    """kms-errors.md §4: the Coral constraint-violation format for one violation."""
    shown = "null" if value is None else f"'{value}'"
    return (f"1 validation error detected: Value {shown} at '{path}' "
            f"failed to satisfy constraint: {constraint}")


def default_policy(account):
    """kms-errors.md §7: the default key policy, exactly as GetKeyPolicy returns it."""
    return (
        "{\n"
        '  "Version" : "2012-10-17",\n'
        '  "Id" : "key-default-1",\n'
        '  "Statement" : [ {\n'
        '    "Sid" : "Enable IAM User Permissions",\n'
        '    "Effect" : "Allow",\n'
        '    "Principal" : {\n'
        f'      "AWS" : "arn:aws:iam::{account}:root"\n'
        "    },\n"
        '    "Action" : "kms:*",\n'
        '    "Resource" : "*"\n'
        "  } ]\n"
        "}"
    )


def collect_pages(call, result_key, limit, **kwargs):
    """Follows Marker/NextMarker by hand; returns the list of raw pages."""
    pages = []
    marker = None
    while True:
        args = dict(kwargs, Limit=limit)
        if marker is not None:
            args["Marker"] = marker
        page = call(**args)
        pages.append(page)
        assert len(pages) < 100, "pagination does not terminate"
        if not page["Truncated"]:
            assert "NextMarker" not in page, page
            return pages
        assert page.get("NextMarker"), page
        marker = page["NextMarker"]


def assert_well_paged(pages, result_key, limit):
    """kms-contract.md §1.5: every page at most Limit; Truncated pages carry NextMarker."""
    for page in pages[:-1]:
        assert page["Truncated"] is True
        assert page["NextMarker"]
        assert len(page[result_key]) <= limit
    last = pages[-1]
    assert last["Truncated"] is False
    assert "NextMarker" not in last
    assert len(last[result_key]) <= limit


ABSENT_FOR_STANDARD_SYMMETRIC_KEY = [
    "SigningAlgorithms", "MacAlgorithms", "KeyAgreementAlgorithms", "DeletionDate",
    "PendingDeletionWindowInDays", "ValidTo", "ExpirationModel", "CustomKeyStoreId",
    "CloudHsmClusterId", "XksKeyConfiguration", "MultiRegionConfiguration",
]


def assert_standard_symmetric_metadata(metadata, account=DEFAULT_ACCOUNT, description=""):
    """§2.0 presence rules for an enabled customer managed SYMMETRIC_DEFAULT key."""
    assert KEY_ID_RE.match(metadata["KeyId"]), metadata["KeyId"]
    assert metadata["AWSAccountId"] == account
    assert metadata["Arn"] == key_arn(metadata["KeyId"], account)
    assert_close_to(metadata["CreationDate"], now(), datetime.timedelta(minutes=5))
    assert metadata["Enabled"] is True
    assert metadata["Description"] == description
    assert metadata["KeyUsage"] == "ENCRYPT_DECRYPT"
    assert metadata["KeyState"] == "Enabled"
    assert metadata["Origin"] == "AWS_KMS"
    assert metadata["KeyManager"] == "CUSTOMER"
    assert metadata["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert metadata["CustomerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert metadata["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
    assert metadata["MultiRegion"] is False
    for member in ABSENT_FOR_STANDARD_SYMMETRIC_KEY:
        assert member not in metadata, f"{member} must be absent: {metadata}"
    if "CurrentKeyMaterialId" in metadata:
        assert re.fullmatch(r"[a-f0-9]{64}", metadata["CurrentKeyMaterialId"])


_clients = {}


def make_client(endpoint, access_key=DEFAULT_ACCESS_KEY, region=REGION, validate=True):
    cache_key = (endpoint, access_key, region, validate)
    if cache_key not in _clients:
        config = Config(retries={"max_attempts": 1}, parameter_validation=validate,
                        connect_timeout=10, read_timeout=60)
        session = boto3.session.Session()
        _clients[cache_key] = session.client(
            "kms", endpoint_url=endpoint, region_name=region, aws_access_key_id=access_key,
            aws_secret_access_key=DEFAULT_SECRET, config=config)
    return _clients[cache_key]


# --- Cryptographic operations (kms-contract.md §2.14–2.19, kms-errors.md §2.1, §5) ---

KEY_MATERIAL_ID_RE = re.compile(r"^[a-f0-9]{64}$")
INCORRECT_KEY_MESSAGE = ("The key ID in the request does not identify a CMK that can perform "
                         "this operation.")
DRY_RUN_MESSAGE = "The request would have succeeded, but the DryRun option is set."


def expect_invalid_ciphertext(call):
    """kms-errors.md §2.1: InvalidCiphertextException carries no message (botocore shows '')."""
    return expect_error(call, "InvalidCiphertextException", "", status=400)
