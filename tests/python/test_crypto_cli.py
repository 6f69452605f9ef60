"""Cryptographic operations and rotation through the AWS CLI v1, with fileb:// blobs.

The CLI prints blobs base64-encoded (in JSON, and with `--output text`); blob arguments are
read raw from `fileb://` files. Service errors exit 255 (kms-errors.md §1).
"""

import base64

import pytest

from kmstest import KEY_MATERIAL_ID_RE, key_arn, new_account_id


@pytest.fixture
def cli(aws_cli):
    """aws_cli bound to a fresh account, so each test's keys stay apart."""
    account = new_account_id()

    def run(*args):
        return aws_cli(*args, access_key=account)
    run.account = account
    return run


def ok(result):
    assert result.returncode == 0, result.stderr
    return result


def text_blob(result):
    """`--query <blob> --output text` prints the base64 text; this is `| base64 -d`."""
    return base64.b64decode(ok(result).stdout.strip(), validate=True)


def create_key(cli):
    return ok(cli("create-key")).json["KeyMetadata"]


def test_cli_encrypt_and_decrypt_fileb_round_trip(cli, tmp_path):
    key = create_key(cli)
    plaintext = bytes(range(256)) * 3  # not valid UTF-8: only fileb:// keeps it intact
    (tmp_path / "plain.bin").write_bytes(plaintext)

    blob = text_blob(cli("encrypt", "--key-id", key["KeyId"],
                         "--plaintext", f"fileb://{tmp_path / 'plain.bin'}",
                         "--encryption-context", "purpose=cli,team=crypto",
                         "--query", "CiphertextBlob", "--output", "text"))
    assert len(blob) == len(plaintext) + 65 and blob[0] == 0x01
    (tmp_path / "blob.bin").write_bytes(blob)

    decrypted = ok(cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'blob.bin'}",
                       "--encryption-context", "team=crypto,purpose=cli")).json
    assert base64.b64decode(decrypted["Plaintext"]) == plaintext
    assert decrypted["KeyId"] == key["Arn"]
    assert decrypted["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert decrypted["KeyMaterialId"] == key["CurrentKeyMaterialId"]

    only_plaintext = text_blob(cli("decrypt", "--ciphertext-blob",
                                   f"fileb://{tmp_path / 'blob.bin'}", "--key-id", key["Arn"],
                                   "--encryption-context", "purpose=cli,team=crypto",
                                   "--query", "Plaintext", "--output", "text"))
    assert only_plaintext == plaintext


def test_cli_decrypt_of_a_tampered_blob_exits_255_with_invalid_ciphertext(cli, tmp_path):
    key = create_key(cli)
    (tmp_path / "plain.txt").write_bytes(b"do not touch")
    blob = bytearray(text_blob(cli("encrypt", "--key-id", key["KeyId"], "--plaintext",
                                   f"fileb://{tmp_path / 'plain.txt'}",
                                   "--query", "CiphertextBlob", "--output", "text")))
    blob[-1] ^= 0x01
    (tmp_path / "tampered.bin").write_bytes(bytes(blob))
    result = cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'tampered.bin'}")
    assert result.returncode == 255
    assert "InvalidCiphertextException" in result.stderr


def test_cli_decrypt_naming_another_key_exits_255_with_incorrect_key(cli, tmp_path):
    key, other = create_key(cli), create_key(cli)
    (tmp_path / "plain.txt").write_bytes(b"mine")
    (tmp_path / "blob.bin").write_bytes(text_blob(cli(
        "encrypt", "--key-id", key["KeyId"], "--plaintext", f"fileb://{tmp_path / 'plain.txt'}",
        "--query", "CiphertextBlob", "--output", "text")))
    result = cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'blob.bin'}",
                 "--key-id", other["KeyId"])
    assert result.returncode == 255
    assert "IncorrectKeyException" in result.stderr
    assert ("The key ID in the request does not identify a CMK that can perform this "
            "operation.") in result.stderr


def test_cli_generate_data_key_plaintext_matches_its_decrypted_copy(cli, tmp_path):
    key = create_key(cli)
    generated = ok(cli("generate-data-key", "--key-id", key["KeyId"],
                       "--key-spec", "AES_256")).json
    data_key = base64.b64decode(generated["Plaintext"])
    assert len(data_key) == 32
    assert generated["KeyId"] == key["Arn"]
    assert KEY_MATERIAL_ID_RE.match(generated["KeyMaterialId"])
    (tmp_path / "data-key.enc").write_bytes(base64.b64decode(generated["CiphertextBlob"]))

    decrypted = text_blob(cli("decrypt", "--ciphertext-blob",
                              f"fileb://{tmp_path / 'data-key.enc'}",
                              "--query", "Plaintext", "--output", "text"))
    assert decrypted == data_key


def test_cli_generate_data_key_without_plaintext_with_number_of_bytes(cli, tmp_path):
    key = create_key(cli)
    generated = ok(cli("generate-data-key-without-plaintext", "--key-id", key["KeyId"],
                       "--number-of-bytes", "64")).json
    assert "Plaintext" not in generated
    (tmp_path / "data-key.enc").write_bytes(base64.b64decode(generated["CiphertextBlob"]))
    decrypted = text_blob(cli("decrypt", "--ciphertext-blob",
                              f"fileb://{tmp_path / 'data-key.enc'}",
                              "--query", "Plaintext", "--output", "text"))
    assert len(decrypted) == 64


def test_cli_re_encrypt_moves_a_blob_to_another_key(cli, tmp_path):
    source, destination = create_key(cli), create_key(cli)
    (tmp_path / "plain.txt").write_bytes(b"re-encrypt me")
    (tmp_path / "blob.bin").write_bytes(text_blob(cli(
        "encrypt", "--key-id", source["KeyId"], "--plaintext", f"fileb://{tmp_path / 'plain.txt'}",
        "--encryption-context", "stage=one", "--query", "CiphertextBlob", "--output", "text")))

    moved = ok(cli("re-encrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'blob.bin'}",
                   "--source-encryption-context", "stage=one",
                   "--destination-key-id", destination["KeyId"])).json
    assert moved["SourceKeyId"] == source["Arn"]
    assert moved["KeyId"] == destination["Arn"]
    assert moved["SourceKeyMaterialId"] == source["CurrentKeyMaterialId"]
    assert moved["DestinationKeyMaterialId"] == destination["CurrentKeyMaterialId"]
    (tmp_path / "moved.bin").write_bytes(base64.b64decode(moved["CiphertextBlob"]))

    decrypted = ok(cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'moved.bin'}")).json
    assert base64.b64decode(decrypted["Plaintext"]) == b"re-encrypt me"
    assert decrypted["KeyId"] == destination["Arn"]


def test_cli_generate_random_returns_the_requested_number_of_bytes(cli):
    random_bytes = text_blob(cli("generate-random", "--number-of-bytes", "48",
                                 "--query", "Plaintext", "--output", "text"))
    assert len(random_bytes) == 48


def test_cli_generate_random_without_number_of_bytes_is_a_validation_error(cli):
    # aws-recorded-errors.json generate-random-exc[None]; the CLI validates only required
    # members, and NumberOfBytes is optional in the model, so the server answers.
    result = cli("generate-random")
    assert result.returncode == 255
    assert "ValidationException" in result.stderr
    assert "NumberOfBytes is required." in result.stderr


def test_cli_rotate_key_on_demand_then_list_key_rotations(cli, tmp_path):
    key = create_key(cli)
    (tmp_path / "plain.txt").write_bytes(b"old material")
    (tmp_path / "old.bin").write_bytes(text_blob(cli(
        "encrypt", "--key-id", key["KeyId"], "--plaintext", f"fileb://{tmp_path / 'plain.txt'}",
        "--query", "CiphertextBlob", "--output", "text")))

    rotated = ok(cli("rotate-key-on-demand", "--key-id", key["Arn"])).json
    assert rotated == {"KeyId": key["KeyId"]}

    listed = ok(cli("list-key-rotations", "--key-id", key["KeyId"])).json
    assert len(listed["Rotations"]) == 1
    entry = listed["Rotations"][0]
    assert entry["KeyId"] == key["KeyId"]
    assert entry["RotationType"] == "ON_DEMAND"
    assert KEY_MATERIAL_ID_RE.match(entry["KeyMaterialId"])
    assert entry["KeyMaterialId"] != key["CurrentKeyMaterialId"]
    assert "RotationDate" in entry

    everything = ok(cli("list-key-rotations", "--key-id", key["KeyId"],
                        "--include-key-material", "ALL_KEY_MATERIAL")).json["Rotations"]
    assert {e["KeyMaterialId"] for e in everything} == {key["CurrentKeyMaterialId"],
                                                       entry["KeyMaterialId"]}

    old = ok(cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'old.bin'}")).json
    assert base64.b64decode(old["Plaintext"]) == b"old material"
    assert old["KeyMaterialId"] == key["CurrentKeyMaterialId"]


def test_cli_enable_key_rotation_then_get_key_rotation_status(cli):
    key = create_key(cli)
    enabled = ok(cli("enable-key-rotation", "--key-id", key["KeyId"],
                     "--rotation-period-in-days", "180"))
    assert enabled.stdout.strip() == ""
    status = ok(cli("get-key-rotation-status", "--key-id", key["KeyId"])).json
    assert status["KeyRotationEnabled"] is True
    assert status["KeyId"] == key_arn(key["KeyId"], cli.account)
    assert status["RotationPeriodInDays"] == 180
    assert "NextRotationDate" in status
