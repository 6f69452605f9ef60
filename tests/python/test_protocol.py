"""AWS JSON 1.1 wire protocol seen with raw HTTP (kms-errors.md §1–3)."""

import datetime
import email.utils
import json

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from kmstest import DEFAULT_ACCESS_KEY, DEFAULT_SECRET, REGION, UUID_RE, key_arn

JSON_11 = "application/x-amz-json-1.1"


def send(endpoint, target, body, sign=True, extra_headers=None):
    """POSTs `body` (str or bytes) to the server, SigV4-signed like botocore does."""
    data = body.encode() if isinstance(body, str) else body
    headers = {"Content-Type": JSON_11}
    if target is not None:
        headers["X-Amz-Target"] = target
    headers.update(extra_headers or {})
    request = AWSRequest(method="POST", url=endpoint + "/", data=data, headers=headers)
    if sign:
        SigV4Auth(Credentials(DEFAULT_ACCESS_KEY, DEFAULT_SECRET), "kms", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.post(prepared.url, data=data, headers=dict(prepared.headers), timeout=30)


def assert_aws_headers(response):
    """kms-errors.md §1/§2.1: JSON 1.1 content type, x-amzn-RequestId, and a Date header."""
    assert response.headers.get("Content-Type", "").split(";")[0].strip() == JSON_11, \
        response.headers
    request_id = response.headers.get("x-amzn-RequestId")
    assert request_id and UUID_RE.match(request_id), response.headers
    date = response.headers.get("Date")
    assert date, response.headers
    sent = email.utils.parsedate_to_datetime(date)
    assert abs(sent - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=5)


def assert_error(response, error_type, message=None):
    assert response.status_code == 400, (response.status_code, response.text)
    assert_aws_headers(response)
    body = response.json()
    assert body["__type"] == error_type, body
    if message is not None:
        assert body.get("message") == message, body
    error_type_header = response.headers.get("x-amzn-ErrorType")
    if error_type_header is not None:
        assert error_type_header.split(":")[0] == error_type
    return body


def test_successful_response_has_json_content_type_request_id_and_date(endpoint):
    response = send(endpoint, "TrentService.ListKeys", "{}")
    assert response.status_code == 200, response.text
    assert_aws_headers(response)
    body = response.json()
    assert isinstance(body["Keys"], list)


def test_request_ids_differ_between_requests(endpoint):
    first = send(endpoint, "TrentService.ListKeys", '{"Limit": 1}')
    second = send(endpoint, "TrentService.ListKeys", '{"Limit": 1}')
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]


def test_create_key_dates_are_epoch_seconds_numbers(endpoint):
    response = send(endpoint, "TrentService.CreateKey", "{}")
    assert response.status_code == 200, response.text
    created = response.json()["KeyMetadata"]["CreationDate"]
    assert isinstance(created, (int, float)) and not isinstance(created, bool)
    assert abs(created - datetime.datetime.now().timestamp()) < 300


def test_operation_without_output_answers_200(endpoint, kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    response = send(endpoint, "TrentService.DisableKey", json.dumps({"KeyId": key_id}))
    assert response.status_code == 200, response.text
    assert_aws_headers(response)
    assert response.text.strip() in ("", "{}")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"


def test_error_body_carries_bare_type_and_lower_case_message(endpoint):
    key_id = "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f"
    response = send(endpoint, "TrentService.DescribeKey", json.dumps({"KeyId": key_id}))
    body = assert_error(response, "NotFoundException", f"Key '{key_arn(key_id)}' does not exist")
    assert set(body) == {"__type", "message"}


@pytest.mark.parametrize("body", ['{"KeyId": ', "not json at all", '{"KeyId": "a"}}'],
                         ids=["truncated", "text", "trailing-brace"])
def test_malformed_json_body_fails_with_serialization_exception(endpoint, body):
    assert_error(send(endpoint, "TrentService.DescribeKey", body), "SerializationException")


def test_string_for_integer_member_fails_with_serialization_exception(endpoint):
    assert_error(send(endpoint, "TrentService.ListKeys", '{"Limit": "x"}'),
                 "SerializationException")


def test_object_for_string_member_fails_with_serialization_exception(endpoint):
    assert_error(send(endpoint, "TrentService.DescribeKey", '{"KeyId": {"a": 1}}'),
                 "SerializationException")


def test_string_for_boolean_member_fails_with_serialization_exception(endpoint):
    body = json.dumps({"BypassPolicyLockoutSafetyCheck": "yes"})
    assert_error(send(endpoint, "TrentService.CreateKey", body), "SerializationException")


def test_string_for_list_member_fails_with_serialization_exception(endpoint, kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    body = json.dumps({"KeyId": key_id, "Tags": "not-a-list"})
    assert_error(send(endpoint, "TrentService.TagResource", body), "SerializationException")


def test_unknown_operation_fails_with_unknown_operation_exception(endpoint):
    assert_error(send(endpoint, "TrentService.NoSuchOperation", "{}"), "UnknownOperationException")


def test_wrong_target_prefix_fails_with_unknown_operation_exception(endpoint):
    assert_error(send(endpoint, "DynamoDB_20120810.ListTables", "{}"), "UnknownOperationException")


def test_missing_target_header_fails_with_unknown_operation_exception(endpoint):
    assert_error(send(endpoint, None, "{}"), "UnknownOperationException")


def test_unsigned_request_fails_with_missing_authentication_token(endpoint):
    response = send(endpoint, "TrentService.ListKeys", "{}", sign=False)
    assert_error(response, "MissingAuthenticationTokenException", "Missing Authentication Token")


def test_empty_body_object_is_accepted_for_operation_without_required_members(endpoint):
    response = send(endpoint, "TrentService.ListAliases", "{}")
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["Aliases"], list)


def test_unknown_request_member_is_ignored(endpoint, kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    body = json.dumps({"KeyId": key_id, "SomeFutureMember": {"x": 1}})
    response = send(endpoint, "TrentService.DescribeKey", body)
    assert response.status_code == 200, response.text
    assert response.json()["KeyMetadata"]["KeyId"] == key_id


def test_null_member_is_treated_as_absent(endpoint):
    response = send(endpoint, "TrentService.ListKeys", '{"Limit": null, "Marker": null}')
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["Keys"], list)


def test_malformed_authorization_header_fails_with_incomplete_signature(endpoint):
    response = send(endpoint, "TrentService.ListKeys", "{}", sign=False,
                    extra_headers={"Authorization": "AWS4-HMAC-SHA256 garbage",
                                   "X-Amz-Date": "20260101T000000Z"})
    assert_error(response, "IncompleteSignatureException")
