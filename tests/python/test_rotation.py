"""Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
ListKeyRotations, and decrypting old ciphertexts after rotations and a restart.

These five operations are outside kms-contract.md's 28; the expectations come from the KMS model
(botocore 1.43.11: RotationPeriodInDays 90..2560, default 365; RotationsListEntry fields) and
from the recorded RotateKeyOnDemand errors in aws-recorded-errors.json (replayed at the end).
AUTOMATIC rotations happen after RotationPeriodInDays, so they cannot be observed here.
"""

import datetime

import pytest

from kmstest import (KEY_MATERIAL_ID_RE, assert_close_to, assert_well_paged, collect_pages,
                     expect_error, make_client, not_found_message, now, validation_message)

ONE_MINUTE = datetime.timedelta(minutes=1)


def new_key(kms):
    return kms.create_key()["KeyMetadata"]


def rotations(kms, key_id, **kwargs):
    return kms.list_key_rotations(KeyId=key_id, **kwargs)["Rotations"]


# --- Automatic rotation settings ---

def test_new_key_has_automatic_rotation_disabled(fresh_account):
    key = new_key(fresh_account)
    status = fresh_account.get_key_rotation_status(KeyId=key["KeyId"])
    assert status["KeyRotationEnabled"] is False
    assert status["KeyId"] == key["Arn"]
    assert "NextRotationDate" not in status


@pytest.mark.parametrize("period", [None, 90, 730, 2560], ids=lambda p: f"period-{p}")
def test_enable_key_rotation_schedules_the_next_rotation_one_period_ahead(fresh_account, period):
    key = new_key(fresh_account)
    extra = {} if period is None else {"RotationPeriodInDays": period}
    assert set(fresh_account.enable_key_rotation(KeyId=key["KeyId"], **extra)) == {
        "ResponseMetadata"}
    status = fresh_account.get_key_rotation_status(KeyId=key["KeyId"])
    expected_period = 365 if period is None else period
    assert status["KeyRotationEnabled"] is True
    assert status["KeyId"] == key["Arn"]
    assert status["RotationPeriodInDays"] == expected_period
    assert_close_to(status["NextRotationDate"], now() + datetime.timedelta(days=expected_period),
                    datetime.timedelta(days=1))


def test_enable_key_rotation_again_changes_the_period(fresh_account):
    key_id = new_key(fresh_account)["KeyId"]
    fresh_account.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=100)
    fresh_account.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=200)
    assert fresh_account.get_key_rotation_status(KeyId=key_id)["RotationPeriodInDays"] == 200


def test_disable_key_rotation_turns_automatic_rotation_off(fresh_account):
    key = new_key(fresh_account)
    fresh_account.enable_key_rotation(KeyId=key["KeyId"])
    assert set(fresh_account.disable_key_rotation(KeyId=key["Arn"])) == {"ResponseMetadata"}
    status = fresh_account.get_key_rotation_status(KeyId=key["Arn"])
    assert status["KeyRotationEnabled"] is False
    assert "NextRotationDate" not in status


@pytest.mark.parametrize("period,constraint", [
    (89, "Member must have value greater than or equal to 90"),
    (2561, "Member must have value less than or equal to 2560"),
])
def test_enable_key_rotation_rejects_a_period_outside_90_to_2560(kms_unvalidated, kms, period,
                                                                 constraint):
    key_id = new_key(kms)["KeyId"]
    expect_error(
        lambda: kms_unvalidated.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=period),
        "ValidationException", validation_message(period, "rotationPeriodInDays", constraint))


# --- On-demand rotation and ListKeyRotations ---

def test_rotate_key_on_demand_returns_the_bare_key_id_and_changes_the_current_material(
        fresh_account):
    kms = fresh_account
    key = new_key(kms)
    before = key["CurrentKeyMaterialId"]
    assert kms.rotate_key_on_demand(KeyId=key["Arn"])["KeyId"] == key["KeyId"]
    after = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["CurrentKeyMaterialId"]
    assert KEY_MATERIAL_ID_RE.match(after)
    assert after != before


def test_list_key_rotations_is_empty_before_any_rotation(fresh_account):
    key_id = new_key(fresh_account)["KeyId"]
    listing = fresh_account.list_key_rotations(KeyId=key_id)
    assert listing["Rotations"] == []
    assert listing["Truncated"] is False
    assert "NextMarker" not in listing


def test_list_key_rotations_shows_each_on_demand_rotation(fresh_account):
    kms = fresh_account
    key = new_key(kms)
    materials = []
    for _ in range(2):
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
        metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        materials.append(metadata["CurrentKeyMaterialId"])

    listed = rotations(kms, key["KeyId"])
    assert sorted(r["KeyMaterialId"] for r in listed) == sorted(materials)
    for entry in listed:
        assert entry["KeyId"] == key["KeyId"]
        assert entry["RotationType"] == "ON_DEMAND"
        assert_close_to(entry["RotationDate"], now(), ONE_MINUTE)
        for member in ("ImportState", "ExpirationModel", "ValidTo", "KeyMaterialDescription"):
            assert member not in entry, entry  # model: only for EXTERNAL-origin keys
    assert rotations(kms, key["KeyId"], IncludeKeyMaterial="ROTATIONS_ONLY") == listed


def test_list_key_rotations_with_all_key_material_adds_the_first_material(fresh_account):
    kms = fresh_account
    key = new_key(kms)
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    rotated = rotations(kms, key["KeyId"])

    everything = rotations(kms, key["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")
    first = [e for e in everything if e["KeyMaterialId"] == key["CurrentKeyMaterialId"]]
    assert len(everything) == len(rotated) + 1
    assert len(first) == 1, everything
    # Model: RotationDate and RotationType are absent for the first key material.
    assert "RotationDate" not in first[0] and "RotationType" not in first[0], first[0]
    assert first[0]["KeyId"] == key["KeyId"]
    assert [e for e in everything if e is not first[0]] == rotated


def test_list_key_rotations_pages_with_limit_and_marker(fresh_account):
    kms = fresh_account
    key_id = new_key(kms)["KeyId"]
    for _ in range(3):
        kms.rotate_key_on_demand(KeyId=key_id)
    pages = collect_pages(kms.list_key_rotations, "Rotations", 2, KeyId=key_id,
                          IncludeKeyMaterial="ALL_KEY_MATERIAL")
    assert_well_paged(pages, "Rotations", 2)
    paged = [entry["KeyMaterialId"] for page in pages for entry in page["Rotations"]]
    assert len(pages) == 2
    assert len(paged) == len(set(paged)) == 4
    assert paged == [e["KeyMaterialId"] for e in
                     rotations(kms, key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")]


def test_every_earlier_ciphertext_still_decrypts_after_rotations(fresh_account):
    kms = fresh_account
    key = new_key(kms)
    written = []  # (blob, plaintext, context, material id at the time)
    for round_number in range(4):
        material = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["CurrentKeyMaterialId"]
        context = {"round": str(round_number)}
        plaintext = f"round {round_number}".encode()
        encrypted = kms.encrypt(KeyId=key["KeyId"], Plaintext=plaintext, EncryptionContext=context)
        data_key = kms.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=24,
                                         EncryptionContext=context)
        assert data_key["KeyMaterialId"] == material
        written.append((encrypted["CiphertextBlob"], plaintext, context, material))
        written.append((data_key["CiphertextBlob"], data_key["Plaintext"], context, material))
        kms.rotate_key_on_demand(KeyId=key["KeyId"])

    assert len({material for *_, material in written}) == 4
    for blob, plaintext, context, material in written:
        decrypted = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
        assert (decrypted["Plaintext"], decrypted["KeyMaterialId"]) == (plaintext, material)


def test_re_encrypt_after_rotation_reports_old_source_and_new_destination_material(fresh_account):
    kms = fresh_account
    key = new_key(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"refresh")["CiphertextBlob"]
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    current = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["CurrentKeyMaterialId"]

    refreshed = kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key["KeyId"])
    assert refreshed["SourceKeyMaterialId"] == key["CurrentKeyMaterialId"]
    assert refreshed["DestinationKeyMaterialId"] == current
    decrypted = kms.decrypt(CiphertextBlob=refreshed["CiphertextBlob"])
    assert (decrypted["Plaintext"], decrypted["KeyMaterialId"]) == (b"refresh", current)


def test_on_demand_rotation_does_not_change_the_automatic_schedule(fresh_account):
    # Model (RotateKeyOnDemand): on-demand rotations do not change automatic rotation schedules.
    kms = fresh_account
    key_id = new_key(kms)["KeyId"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=180)
    before = kms.get_key_rotation_status(KeyId=key_id)
    kms.rotate_key_on_demand(KeyId=key_id)
    after = kms.get_key_rotation_status(KeyId=key_id)
    assert after["NextRotationDate"] == before["NextRotationDate"]
    assert after["RotationPeriodInDays"] == 180


def test_rotated_key_and_old_ciphertexts_survive_a_restart(server_factory, tmp_path):
    data_dir = tmp_path / "data"
    first = server_factory(data_dir, name="rotation-before-restart")
    kms = make_client(first.endpoint)
    key = new_key(kms)
    old_blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"before rotation")["CiphertextBlob"]
    kms.rotate_key_on_demand(KeyId=key["KeyId"])
    kms.enable_key_rotation(KeyId=key["KeyId"], RotationPeriodInDays=400)
    new_blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"after rotation",
                           EncryptionContext={"k": "v"})["CiphertextBlob"]
    listing = kms.list_key_rotations(KeyId=key["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    current = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["CurrentKeyMaterialId"]
    assert first.stop() is True, "the server did not stop on SIGTERM within 30 s"

    second = server_factory(data_dir, name="rotation-after-restart")
    kms = make_client(second.endpoint)
    old = kms.decrypt(CiphertextBlob=old_blob)
    assert (old["Plaintext"], old["KeyMaterialId"]) == (b"before rotation",
                                                         key["CurrentKeyMaterialId"])
    new = kms.decrypt(CiphertextBlob=new_blob, EncryptionContext={"k": "v"})
    assert (new["Plaintext"], new["KeyMaterialId"]) == (b"after rotation", current)
    for response in (listing, status):
        response.pop("ResponseMetadata")
    relisted = kms.list_key_rotations(KeyId=key["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")
    relisted.pop("ResponseMetadata")
    assert relisted == listing
    restatus = kms.get_key_rotation_status(KeyId=key["KeyId"])
    restatus.pop("ResponseMetadata")
    assert restatus == status
    assert kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_128")["KeyMaterialId"] == current


def test_rotate_key_on_demand_on_a_key_pending_deletion_fails_with_invalid_state(fresh_account):
    # Not recorded; same key-state rule and text as the crypto operations (kms-contract.md §1.3).
    key = new_key(fresh_account)
    fresh_account.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    expect_error(lambda: fresh_account.rotate_key_on_demand(KeyId=key["KeyId"]),
                 "KMSInvalidStateException", f"{key['Arn']} is pending deletion.")


# --- Recorded AWS errors for RotateKeyOnDemand (aws-recorded-errors.json) ---
#
# Not applicable to OwnKMS (symmetric AWS_KMS keys only): error-response for an RSA_4096 key
# (UnsupportedOperationException, no message) and for imported material (origin EXTERNAL),
# rotate-key-on-demand-error-response-SYMMETRIC_DEFAULT / -RSA_4096 (EXTERNAL, pending import),
# rotate-key-on-demand-invalid-state-error (no imported material pending rotation).
# The recorded disabled case used an RSA_4096 key; the disabled check wins over the key-spec
# check, so a disabled symmetric key gives the same answer.

RECORDED_UNKNOWN_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"


def test_recorded_error_response_rotate_unknown_key_is_not_found(fresh_account):
    """snapshot_key error-response (test_rotate_key_on_demand_..._key_that_does_not_exist)."""
    expect_error(lambda: fresh_account.rotate_key_on_demand(KeyId=RECORDED_UNKNOWN_KEY),
                 "NotFoundException",
                 not_found_message(RECORDED_UNKNOWN_KEY, fresh_account.account_id))


def test_recorded_error_response_rotate_disabled_key_is_disabled(fresh_account):
    """snapshot_key error-response (test_rotate_key_on_demand_..._key_is_disabled)."""
    key = new_key(fresh_account)
    fresh_account.disable_key(KeyId=key["KeyId"])
    expect_error(lambda: fresh_account.rotate_key_on_demand(KeyId=key["KeyId"]),
                 "DisabledException", f"{key['Arn']} is disabled.")


def test_recorded_error_response_eleventh_on_demand_rotation_exceeds_the_limit(fresh_account):
    """snapshot_key error-response (test_key_rotations_limits): 10 succeed, the 11th fails."""
    kms = fresh_account
    key = new_key(kms)
    for _ in range(10):
        kms.rotate_key_on_demand(KeyId=key["KeyId"])
    expect_error(lambda: kms.rotate_key_on_demand(KeyId=key["KeyId"]), "LimitExceededException",
                 "The on-demand rotations limit has been reached for the given keyId. No more "
                 f"on-demand rotations can be performed for this key: {key['Arn']}")
    assert len(rotations(kms, key["KeyId"])) == 10

