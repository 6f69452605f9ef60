"""External key stores (issue 7) end to end: boto3 against a real `ownkms serve`, real
`ownkms xks-proxy` processes, and real faults (wrong credential, proxy killed, proxy frozen with
SIGSTOP, CA not trusted, expired certificate, wrong URI path, an HTTPS server that is not an XKS
proxy, key disabled or restricted in the proxy, VPC endpoint service gone).

Behaviour and messages: the XKS decisions of issue 7 (XKS-DECISIONS.md), xks.md §2.3–2.7,
kms-contract.md §1.2, §2.1–2.7.
The module runs its own server (its data directory's xks-trusted-cas/ is the tests' to change);
each test works in fresh accounts, so stores never meet across tests.
"""

import base64
import os
import secrets
import uuid

import pytest

from cloudhsm import (connect_fails, connect_ok, describe_store, expect_store_state_error,
                      wait_connected_or_failed)
from conftest import OwnKmsServer
from kmstest import expect_error, key_arn, make_client, new_account_id
from kmstest import validation_message
from xks import (HEALTH_BODY, MSG_ACCESS_DENIED, MSG_AUTHENTICATION, MSG_INVALID_RESPONSE,
                 MSG_KEY_NOT_ENABLED, MSG_KEY_NOT_FOUND_CREATE, MSG_KEY_USAGE, MSG_NO_TCP,
                 MSG_NO_TLS, MSG_PROXY_REJECTED_CIPHERTEXT, MSG_STATUS_DISABLED, MSG_STORE_NOT_CONNECTED, MSG_TIMEOUT,
                 MSG_URI_PATH, MSG_USAGE_PREFIX, UNUSED_SECRET, ConfigProxy, NotAProxy,
                 OpensslCa, assert_no_secret, create_public_store, create_xks_key, disconnect,
                 new_service_name, public_store_args, quick_credential, signed_post,
                 start_quick_proxy, trust, unique_name, vpce_ok, xks_origin_message)

UNUSED_CREDENTIAL = {"AccessKeyId": "UNUSEDACCESSKEYID2345672", "RawSecretAccessKey": UNUSED_SECRET}
PATH_PATTERN = r"^(/[a-zA-Z0-9\/_-]+/kms/xks/v\d{1,2})$|^(/kms/xks/v\d{1,2})$"
ENDPOINT_PATTERN = r"^https://[a-zA-Z0-9.-]+$"


def new_credential():
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    access = "".join(secrets.choice(alphabet) for _ in range(24))
    return access, base64.b64encode(os.urandom(32)).decode()


# --- Fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("xks")


@pytest.fixture(scope="module")
def xks_server(workdir):
    # Several proxy JVMs share two cores with the server here: a proxy call may take more than
    # AWS's 250 ms without any fault; the time-out cases freeze the proxy, so any deadline works.
    instance = OwnKmsServer(workdir / "data", workdir / "server.log",
                            extra_args=["--xks-timeout-ms", "1000"])
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def data_dir(xks_server):
    return xks_server.data_dir


@pytest.fixture(scope="module")
def proxy(xks_server, workdir):
    """The module's quick proxy (`xks-proxy start --json --trust-into <data dir>`): its JSON."""
    process, values = start_quick_proxy(workdir, trust_into=xks_server.data_dir)
    yield values
    process.stop()


@pytest.fixture(scope="module")
def openssl_ca(data_dir, workdir):
    """A CA made with openssl, trusted by the server (in xks-trusted-cas/)."""
    ca = OpensslCa(workdir / "openssl-ca")
    trust(data_dir, ca.cert, "openssl-test-ca")
    return ca


@pytest.fixture(scope="module")
def managed(data_dir, workdir):
    """A module-wide `xks-proxy init` + `xks-proxy --config` proxy, trusted by the server; tests
    add keys (`keys create`) and temporary credentials or key rules and take them away again."""
    instance = ConfigProxy(workdir / "managed", first_key="managed-1")
    instance.keys("create", "managed-2")
    trust(data_dir, instance.ca, "managed-proxy")
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
def accounts(xks_server):
    """Factory: a boto3 client of a brand-new account (`.account_id` set)."""
    def new(validate=True):
        account = new_account_id()
        client = make_client(xks_server.endpoint, access_key=account, validate=validate)
        client.account_id = account
        return client
    return new


@pytest.fixture
def kms(accounts):
    return accounts()


@pytest.fixture
def spawned():
    """Proxies (ProxyProcess or ConfigProxy) and fake servers a test starts; all stopped after."""
    started = []
    yield started
    for thing in reversed(started):
        if isinstance(thing, NotAProxy):
            thing.close()
        else:
            thing.stop()


def arn(kms, key_id):
    return key_arn(key_id, kms.account_id)


def quick_store(kms, values, **overrides):
    args = public_store_args(values["uriEndpoint"], values["uriPath"], quick_credential(values))
    args.update(overrides)
    return kms.create_custom_key_store(**args)["CustomKeyStoreId"]


def managed_store(kms, proxy, credential=None):
    return create_public_store(kms, proxy.endpoint, proxy.uri_path,
                               credential or proxy.credential)


def connected_key(kms, store_id, xks_key_id):
    connect_ok(kms, store_id)
    return create_xks_key(kms, store_id, xks_key_id)["KeyId"]


def unavailable(kms, key_id):
    return f"{arn(kms, key_id)} is unavailable."


def assert_round_trip(kms, key_id, plaintext=b"round trip"):
    blob = kms.encrypt(KeyId=key_id, Plaintext=plaintext)
    assert blob["KeyId"] == arn(kms, key_id)
    assert kms.decrypt(CiphertextBlob=blob["CiphertextBlob"])["Plaintext"] == plaintext
    return blob["CiphertextBlob"]


# --- 1. The whole story over a public endpoint --------------------------------------------------

def test_public_store_whole_story(kms, xks_server, data_dir, workdir, proxy, spawned):
    # A proxy of our own whose config file the test edits (credential rotation needs a file the
    # running proxy re-reads; `xks-proxy start` has none). Its CA goes where --trust-into puts it.
    p = ConfigProxy(workdir / f"story-{uuid.uuid4().hex[:6]}", first_key="foo")
    spawned.append(p)
    trust(data_dir, p.ca, f"story-{uuid.uuid4().hex[:6]}")
    p.start()
    old_access, old_secret = p.credentials[0]

    name = unique_name("story")
    created = kms.create_custom_key_store(**public_store_args(p.endpoint, p.uri_path,
                                                              p.credential, name))
    store_id = created["CustomKeyStoreId"]
    assert store_id.startswith("cks-")
    assert_no_secret(created, old_secret)

    listing = kms.describe_custom_key_stores(CustomKeyStoreId=store_id)
    assert_no_secret(listing, old_secret)
    assert_no_secret(kms.describe_custom_key_stores(), old_secret)
    entry = listing["CustomKeyStores"][0]
    assert entry["CustomKeyStoreName"] == name
    assert entry["CustomKeyStoreType"] == "EXTERNAL_KEY_STORE"
    assert entry["ConnectionState"] == "DISCONNECTED"
    assert entry["XksProxyConfiguration"] == {
        "Connectivity": "PUBLIC_ENDPOINT", "AccessKeyId": old_access,
        "UriEndpoint": p.endpoint, "UriPath": p.uri_path}
    for absent in ("CloudHsmClusterId", "TrustAnchorCertificate", "ConnectionErrorCode"):
        assert absent not in entry, entry

    # Same endpoint and path again in this account: XksProxyUriInUseException.
    expect_error(lambda: create_public_store(kms, p.endpoint, p.uri_path, p.credential),
                 "XksProxyUriInUseException")
    expect_error(lambda: create_xks_key(kms, store_id, "foo"),
                 "CustomKeyStoreInvalidStateException", MSG_STORE_NOT_CONNECTED)

    # Connect is asynchronous: CONNECTING (or already CONNECTED), then CONNECTED.
    assert set(kms.connect_custom_key_store(CustomKeyStoreId=store_id)) == {"ResponseMetadata"}
    assert describe_store(kms, store_id)["ConnectionState"] in ("CONNECTING", "CONNECTED")
    entry = wait_connected_or_failed(kms, store_id)
    assert entry["ConnectionState"] == "CONNECTED", entry
    expect_store_state_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id))

    metadata = create_xks_key(kms, store_id, "foo", Description="external")
    key_id = metadata["KeyId"]
    described = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    for meta in (metadata, described):
        assert meta["Origin"] == "EXTERNAL_KEY_STORE"
        assert meta["CustomKeyStoreId"] == store_id
        assert meta["XksKeyConfiguration"] == {"Id": "foo"}
        assert meta["KeySpec"] == "SYMMETRIC_DEFAULT"
        assert meta["KeyUsage"] == "ENCRYPT_DECRYPT"
        assert meta["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
        assert meta["MultiRegion"] is False
        assert meta["KeyState"] == "Enabled" and meta["Enabled"] is True
        for absent in ("CurrentKeyMaterialId", "CloudHsmClusterId"):
            assert absent not in meta, meta

    context = {"story": "public"}
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"external secret", EncryptionContext=context)
    assert blob["KeyId"] == arn(kms, key_id)
    ciphertext = blob["CiphertextBlob"]
    decrypted = kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)
    assert decrypted["Plaintext"] == b"external secret"
    assert decrypted["KeyId"] == arn(kms, key_id)
    # The proxy's AAD binds the encryption context (XKS-DECISIONS): the proxy refuses it.
    expect_error(lambda: kms.decrypt(CiphertextBlob=ciphertext,
                                     EncryptionContext={"story": "other"}),
                 "KMSInvalidStateException", MSG_PROXY_REJECTED_CIPHERTEXT)

    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext=context)
    assert len(data_key["Plaintext"]) == 32
    again = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context)
    assert again["Plaintext"] == data_key["Plaintext"]
    sealed_only = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
    assert "Plaintext" not in sealed_only
    assert len(kms.decrypt(CiphertextBlob=sealed_only["CiphertextBlob"])["Plaintext"]) == 32

    default_key = kms.create_key()["KeyMetadata"]["KeyId"]
    moved = kms.re_encrypt(CiphertextBlob=ciphertext, SourceEncryptionContext=context,
                           DestinationKeyId=default_key, DestinationEncryptionContext=context)
    assert moved["SourceKeyId"] == arn(kms, key_id)
    assert moved["KeyId"] == arn(kms, default_key)
    back = kms.re_encrypt(CiphertextBlob=moved["CiphertextBlob"], SourceEncryptionContext=context,
                          DestinationKeyId=key_id, DestinationEncryptionContext=context)
    assert back["SourceKeyId"] == arn(kms, default_key) and back["KeyId"] == arn(kms, key_id)
    final = kms.decrypt(CiphertextBlob=back["CiphertextBlob"], EncryptionContext=context)
    assert final["Plaintext"] == b"external secret" and final["KeyId"] == arn(kms, key_id)

    # Credential rotation while CONNECTED: the proxy accepts old and new, the store switches,
    # then the proxy drops the old one.
    new_access, new_secret = new_credential()
    p.credentials.append((new_access, new_secret))
    p.render()
    p.wait_accepts(new_access, new_secret)
    updated = kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                          XksProxyAuthenticationCredential=p.credential)
    assert set(updated) == {"ResponseMetadata"}
    p.credentials.pop(0)
    p.render()
    p.wait_accepts(old_access, old_secret, accepted=False)
    entry = describe_store(kms, store_id)
    assert entry["ConnectionState"] == "CONNECTED"
    assert entry["XksProxyConfiguration"]["AccessKeyId"] == new_access
    assert_no_secret(kms.describe_custom_key_stores(CustomKeyStoreId=store_id), new_secret)
    assert_round_trip(kms, key_id)
    assert kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)["Plaintext"] \
        == b"external secret"

    # URI path change while CONNECTED: the proxy moves to another prefix on the same port;
    # until the store follows, every call is refused for the path.
    old_path = p.uri_path
    port = p.port
    p.prefix = f"/moved-{uuid.uuid4().hex[:8]}"
    p.uri_path = p.prefix + "/kms/xks/v1"
    p.restart()
    assert p.port == port
    expect_error(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"), "KMSInvalidStateException",
                 MSG_URI_PATH)
    expect_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyUriPath="/not-the-prefix/kms/xks/v1"),
        "XksProxyInvalidConfigurationException", MSG_URI_PATH)
    assert describe_store(kms, store_id)["XksProxyConfiguration"]["UriPath"] == old_path
    kms.update_custom_key_store(CustomKeyStoreId=store_id, XksProxyUriPath=p.uri_path)
    entry = describe_store(kms, store_id)
    assert entry["ConnectionState"] == "CONNECTED"
    assert entry["XksProxyConfiguration"]["UriPath"] == p.uri_path
    assert kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)["Plaintext"] \
        == b"external secret"

    # The endpoint only changes while DISCONNECTED.
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyUriEndpoint="https://localhost:1"))
    disconnect(kms, store_id)
    described = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert described["KeyState"] == "Unavailable" and described["Enabled"] is False
    expect_error(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"), "KMSInvalidStateException",
                 unavailable(kms, key_id))
    expect_error(lambda: kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context),
                 "KMSInvalidStateException", unavailable(kms, key_id))
    expect_error(lambda: create_xks_key(kms, store_id, "xks-key-2"),
                 "CustomKeyStoreInvalidStateException", MSG_STORE_NOT_CONNECTED)

    p.stop()
    p.port = 0
    p.start()  # the same proxy (token, prefix, credential) on a new port
    kms.update_custom_key_store(CustomKeyStoreId=store_id, XksProxyUriEndpoint=p.endpoint)
    assert describe_store(kms, store_id)["XksProxyConfiguration"]["UriEndpoint"] == p.endpoint

    connect_ok(kms, store_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
    assert kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)["Plaintext"] \
        == b"external secret"

    deletion = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert deletion["KeyState"] == "PendingDeletion"
    disconnect(kms, store_id)
    # PendingDeletion wins over Unavailable (xks.md §2.4); the key still counts for Delete.
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    expect_error(lambda: kms.delete_custom_key_store(CustomKeyStoreId=store_id),
                 "CustomKeyStoreHasCMKsException")

    # The 7-day wait cannot pass in a test: a store without keys shows Delete.
    empty = quick_store(kms, proxy)
    connect_ok(kms, empty)
    disconnect(kms, empty)
    assert set(kms.delete_custom_key_store(CustomKeyStoreId=empty)) == {"ResponseMetadata"}
    expect_error(lambda: kms.describe_custom_key_stores(CustomKeyStoreId=empty),
                 "CustomKeyStoreNotFoundException")

    # Neither proxy secret ever reached the server's log.
    log = xks_server.log_path.read_text(errors="replace")
    for secret in (old_secret, new_secret):
        if secret in log:
            raise AssertionError("a proxy secret appears in the server log")


# --- 2. VPC endpoint service connectivity --------------------------------------------------------

def localhost_endpoint(values):
    return values["uriEndpoint"].replace("127.0.0.1", "localhost")


def vpc_store_args(values, service, **overrides):
    args = dict(CustomKeyStoreName=unique_name("vpc"), CustomKeyStoreType="EXTERNAL_KEY_STORE",
                XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
                XksProxyUriEndpoint=localhost_endpoint(values), XksProxyUriPath=values["uriPath"],
                XksProxyVpcEndpointServiceName=service,
                XksProxyAuthenticationCredential=quick_credential(values))
    args.update(overrides)
    return args


def new_service(data_dir, owner, *options):
    name = new_service_name()
    answer = vpce_ok(data_dir, "create", "--name", name, "--private-dns-name", "localhost",
                     "--owner", owner, *options)
    assert answer["serviceName"] == name, answer
    return name


def test_vpc_store_story_and_connectivity_changes(kms, data_dir, proxy):
    service = new_service(data_dir, kms.account_id)
    store_id = kms.create_custom_key_store(**vpc_store_args(proxy, service))["CustomKeyStoreId"]
    entry = describe_store(kms, store_id)
    assert entry["ConnectionState"] == "DISCONNECTED"
    assert entry["XksProxyConfiguration"] == {
        "Connectivity": "VPC_ENDPOINT_SERVICE", "AccessKeyId": proxy["accessKeyId"],
        "UriEndpoint": localhost_endpoint(proxy), "UriPath": proxy["uriPath"],
        "VpcEndpointServiceName": service, "VpcEndpointServiceOwner": kms.account_id}
    assert_no_secret(kms.describe_custom_key_stores(), proxy["secretAccessKey"])

    key_id = connected_key(kms, store_id, "foo")
    ciphertext = assert_round_trip(kms, key_id)

    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyConnectivity="PUBLIC_ENDPOINT",
        XksProxyUriEndpoint=proxy["uriEndpoint"]))
    disconnect(kms, store_id)

    # VPC -> PUBLIC while DISCONNECTED (a new endpoint is health-checked), and back.
    kms.update_custom_key_store(CustomKeyStoreId=store_id, XksProxyConnectivity="PUBLIC_ENDPOINT",
                                XksProxyUriEndpoint=proxy["uriEndpoint"])
    config = describe_store(kms, store_id)["XksProxyConfiguration"]
    assert config == {"Connectivity": "PUBLIC_ENDPOINT", "AccessKeyId": proxy["accessKeyId"],
                      "UriEndpoint": proxy["uriEndpoint"], "UriPath": proxy["uriPath"]}
    connect_ok(kms, store_id)
    assert kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"round trip"
    disconnect(kms, store_id)
    kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
                                XksProxyUriEndpoint=localhost_endpoint(proxy),
                                XksProxyVpcEndpointServiceName=service)
    config = describe_store(kms, store_id)["XksProxyConfiguration"]
    assert config["Connectivity"] == "VPC_ENDPOINT_SERVICE"
    assert config["VpcEndpointServiceName"] == service
    connect_ok(kms, store_id)
    assert_round_trip(kms, key_id)
    disconnect(kms, store_id)

    # The service disappears: Connect fails (VPC stores are tested at Connect).
    vpce_ok(data_dir, "delete", service)
    connect_fails(kms, store_id, "XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND")
    expect_store_state_error(lambda: kms.connect_custom_key_store(CustomKeyStoreId=store_id))
    disconnect(kms, store_id)
    # Created again, but now requiring acceptance: a requirement broken.
    again = vpce_ok(data_dir, "create", "--name", service, "--private-dns-name", "localhost",
                    "--owner", kms.account_id, "--acceptance-required")
    assert again["serviceName"] == service
    connect_fails(kms, store_id, "XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION")
    disconnect(kms, store_id)


def test_vpc_store_errors_not_found_invalid_configuration_in_use(kms, accounts, data_dir, proxy):
    service_a = new_service(data_dir, kms.account_id)
    service_b = new_service(data_dir, kms.account_id)
    unverified = new_service(data_dir, kms.account_id, "--unverified-dns")
    one_zone = new_service(data_dir, kms.account_id, "--availability-zones", "1")

    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(proxy, new_service_name())),
                 "XksProxyVpcEndpointServiceNotFoundException")
    # The service exists but belongs to the account the request names... not this one.
    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(
        proxy, service_a, XksProxyVpcEndpointServiceOwner="210987654321")),
        "XksProxyVpcEndpointServiceNotFoundException")
    # Another account names the service without an owner: its own account is assumed.
    other = accounts()
    expect_error(lambda: other.create_custom_key_store(**vpc_store_args(proxy, service_a)),
                 "XksProxyVpcEndpointServiceNotFoundException")

    # The endpoint's host must be the service's private DNS name.
    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(
        proxy, service_a, XksProxyUriEndpoint=proxy["uriEndpoint"])),
        "XksProxyVpcEndpointServiceInvalidConfigurationException")
    for broken in (unverified, one_zone):
        expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(proxy, broken)),
                     "XksProxyVpcEndpointServiceInvalidConfigurationException")

    store_a = kms.create_custom_key_store(**vpc_store_args(
        proxy, service_a, XksProxyUriPath="/vpc-a/kms/xks/v1"))["CustomKeyStoreId"]
    assert describe_store(kms, store_a)["ConnectionState"] == "DISCONNECTED"
    # One store per service.
    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(
        proxy, service_a, XksProxyUriEndpoint="https://localhost:1",
        XksProxyUriPath="/vpc-c/kms/xks/v1")),
        "XksProxyVpcEndpointServiceInUseException")
    # Two VPC stores may not share an endpoint, nor a public store a VPC store's endpoint.
    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(
        proxy, service_b, XksProxyUriPath="/vpc-b/kms/xks/v1")),
        "XksProxyUriEndpointInUseException")
    expect_error(lambda: create_public_store(kms, localhost_endpoint(proxy), proxy["uriPath"],
                                             quick_credential(proxy)),
                 "XksProxyUriEndpointInUseException")
    # Same name: CustomKeyStoreNameInUseException.
    name = describe_store(kms, store_a)["CustomKeyStoreName"]
    expect_error(lambda: kms.create_custom_key_store(**vpc_store_args(
        proxy, service_b, CustomKeyStoreName=name, XksProxyUriEndpoint="https://localhost:2")),
        "CustomKeyStoreNameInUseException")
    # Endpoint, connectivity and service only while DISCONNECTED; a wrong path fails at Connect.
    connect_fails(kms, store_a, "XKS_PROXY_INVALID_CONFIGURATION")
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_a, XksProxyVpcEndpointServiceName=service_b))
    disconnect(kms, store_a)
    kms.update_custom_key_store(CustomKeyStoreId=store_a, XksProxyUriPath=proxy["uriPath"])
    connect_ok(kms, store_a)
    disconnect(kms, store_a)
    kms.delete_custom_key_store(CustomKeyStoreId=store_a)


# --- 3 + 4. Every fault: Connect's ConnectionErrorCode, and the §2.6 rows of Create, Update,
# CreateKey and crypto ---------------------------------------------------------------------------

class Rig:
    """One proxy seen from every side while a fault is on:
    `connected` (account A): a CONNECTED store with one key and a ciphertext made before the fault;
    `idle` (account B): a store created before the fault, still DISCONNECTED."""

    def __init__(self, accounts, endpoint, uri_path, credential, xks_key_id, spare_key_id):
        self.accounts = accounts
        self.endpoint, self.uri_path, self.credential = endpoint, uri_path, credential
        self.spare_key_id = spare_key_id
        self.a, self.b = accounts(), accounts()
        self.connected = create_public_store(self.a, endpoint, uri_path, credential)
        self.key_id = connected_key(self.a, self.connected, xks_key_id)
        self.ciphertext = self.a.encrypt(KeyId=self.key_id, Plaintext=b"before")["CiphertextBlob"]
        self.idle = create_public_store(self.b, endpoint, uri_path, credential)

    def expect_connect_code(self, code):
        connect_fails(self.b, self.idle, code)
        disconnect(self.b, self.idle)

    def expect_management(self, code, message, create_args=None, update_args=None):
        """Create (a fresh account) and Update (the idle store) test the new values at once."""
        create_args = create_args or {}
        fresh = self.accounts()
        expect_error(lambda: fresh.create_custom_key_store(**dict(public_store_args(
            self.endpoint, self.uri_path, self.credential), **create_args)), code, message)
        assert fresh.describe_custom_key_stores()["CustomKeyStores"] == []
        before = describe_store(self.b, self.idle)["XksProxyConfiguration"]
        update_args = update_args or {"XksProxyAuthenticationCredential": UNUSED_CREDENTIAL}
        expect_error(lambda: self.b.update_custom_key_store(CustomKeyStoreId=self.idle,
                                                            **update_args), code, message)
        assert describe_store(self.b, self.idle)["XksProxyConfiguration"] == before

    def expect_key_and_crypto(self, message):
        expect_error(lambda: create_xks_key(self.a, self.connected, self.spare_key_id),
                     "CustomKeyStoreInvalidStateException", message)
        expect_error(lambda: self.a.encrypt(KeyId=self.key_id, Plaintext=b"x"),
                     "KMSInvalidStateException", message)
        expect_error(lambda: self.a.decrypt(CiphertextBlob=self.ciphertext),
                     "KMSInvalidStateException", message)
        expect_error(lambda: self.a.generate_data_key(KeyId=self.key_id, KeySpec="AES_256"),
                     "KMSInvalidStateException", message)
        # A CONNECTED store is never moved by later proxy failures.
        assert describe_store(self.a, self.connected)["ConnectionState"] == "CONNECTED"
        assert self.a.describe_key(KeyId=self.key_id)["KeyMetadata"]["KeyState"] == "Enabled"


def quick_rig(accounts, values):
    return Rig(accounts, values["uriEndpoint"], values["uriPath"], quick_credential(values),
               "foo", "xks-key-2")


def test_wrong_secret_is_rejected_at_create_update(accounts, proxy):
    kms = accounts()
    store_id = quick_store(kms, proxy)
    wrong = quick_credential(proxy, secret=UNUSED_SECRET)
    # Another account: endpoint + path are unique per account only.
    expect_error(lambda: quick_store(accounts(), proxy, XksProxyAuthenticationCredential=wrong),
                 "XksProxyIncorrectAuthenticationCredentialException", MSG_AUTHENTICATION)
    expect_error(lambda: kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                                     XksProxyAuthenticationCredential=wrong),
                 "XksProxyIncorrectAuthenticationCredentialException", MSG_AUTHENTICATION)


def test_credential_dropped_by_the_proxy(accounts, managed):
    access, secret = new_credential()
    managed.credentials.append((access, secret))
    managed.render()
    try:
        managed.wait_accepts(access, secret)
        rig = Rig(accounts, managed.endpoint, managed.uri_path,
                  {"AccessKeyId": access, "RawSecretAccessKey": secret}, "managed-1", "managed-2")
        managed.credentials.remove((access, secret))
        managed.render()
        managed.wait_accepts(access, secret, accepted=False)

        rig.expect_connect_code("INVALID_CREDENTIALS")
        rig.expect_management("XksProxyIncorrectAuthenticationCredentialException",
                              MSG_AUTHENTICATION)
        rig.expect_key_and_crypto(MSG_AUTHENTICATION)
    finally:
        if (access, secret) in managed.credentials:
            managed.credentials.remove((access, secret))
            managed.render()


def test_proxy_killed_then_a_web_server_on_its_port(accounts, workdir, data_dir, openssl_ca,
                                                    spawned):
    process, values = start_quick_proxy(workdir, trust_into=data_dir)
    spawned.append(process)
    rig = quick_rig(accounts, values)

    process.kill()  # the port is closed: connection refused
    rig.expect_connect_code("XKS_PROXY_NOT_REACHABLE")
    rig.expect_management("XksProxyUriUnreachableException", MSG_NO_TCP)
    rig.expect_key_and_crypto(MSG_NO_TCP)

    # A real HTTPS server, trusted, on the same port, that is not an XKS proxy (200, HTML).
    port = int(values["uriEndpoint"].rsplit(":", 1)[1])
    server = NotAProxy(*openssl_ca.issue(f"web-{port}"), port=port)
    spawned.append(server)
    rig.expect_connect_code("XKS_PROXY_INVALID_RESPONSE")
    rig.expect_management("XksProxyInvalidResponseException", MSG_INVALID_RESPONSE)
    rig.expect_key_and_crypto(MSG_INVALID_RESPONSE)


def test_proxy_frozen_times_out(accounts, workdir, data_dir, spawned):
    process, values = start_quick_proxy(workdir, trust_into=data_dir)
    spawned.append(process)
    rig = quick_rig(accounts, values)

    process.freeze()  # SIGSTOP: TCP handshakes still complete (backlog), nothing answers
    try:
        rig.expect_connect_code("XKS_PROXY_TIMED_OUT")
        rig.expect_management("XksProxyUriUnreachableException", MSG_TIMEOUT)
        rig.expect_key_and_crypto(MSG_TIMEOUT)
    finally:
        process.thaw()
    assert_round_trip(rig.a, rig.key_id)  # back once the proxy runs again


def test_proxy_ca_not_trusted(accounts, workdir, data_dir, spawned):
    # Started without --trust-into; trusted by hand only while the stores are made.
    process, values = start_quick_proxy(workdir)
    spawned.append(process)
    trusted = trust(data_dir, values["caCertificate"], f"untrust-{uuid.uuid4().hex[:6]}")
    rig = quick_rig(accounts, values)
    trusted.unlink()  # the server re-reads xks-trusted-cas/ on each Connect, Create and Update

    rig.expect_connect_code("XKS_PROXY_INVALID_TLS_CONFIGURATION")
    rig.expect_management("XksProxyInvalidConfigurationException", MSG_NO_TLS)


def test_proxy_certificate_expired(accounts, workdir, data_dir, openssl_ca, spawned):
    p = ConfigProxy(workdir / f"expired-{uuid.uuid4().hex[:6]}", first_key="key-1")
    spawned.append(p)
    p.tls = tuple(map(str, openssl_ca.issue(f"valid-{uuid.uuid4().hex[:6]}")))
    p.start()
    # "key-2" is not in the token: the fault stops CreateKey before the proxy looks for a key.
    rig = Rig(accounts, p.endpoint, p.uri_path, p.credential, "key-1", "key-2")

    p.tls = tuple(map(str, openssl_ca.issue(f"expired-{uuid.uuid4().hex[:6]}", expired=True)))
    p.restart()  # same port, same CA, a certificate that expired in 2020
    rig.expect_connect_code("XKS_PROXY_INVALID_TLS_CONFIGURATION")
    rig.expect_management("XksProxyInvalidConfigurationException", MSG_NO_TLS)
    rig.expect_key_and_crypto(MSG_NO_TLS)


def test_wrong_uri_path(accounts, workdir, data_dir, spawned):
    p = ConfigProxy(workdir / f"path-{uuid.uuid4().hex[:6]}", first_key="key-1")
    spawned.append(p)
    trust(data_dir, p.ca, f"path-{uuid.uuid4().hex[:6]}")
    p.start()
    # "key-2" is not in the token: the fault stops CreateKey before the proxy looks for a key.
    rig = Rig(accounts, p.endpoint, p.uri_path, p.credential, "key-1", "key-2")

    p.prefix = f"/elsewhere-{uuid.uuid4().hex[:6]}"
    p.restart()  # the proxy now answers 404 InvalidUriPathException on the stores' path
    status, body = signed_post(p.endpoint, rig.uri_path, "health", HEALTH_BODY,
                               *p.credentials[-1], p.ca)
    assert status == 404 and body["errorName"] == "InvalidUriPathException"
    rig.expect_connect_code("XKS_PROXY_INVALID_CONFIGURATION")
    rig.expect_management("XksProxyInvalidConfigurationException", MSG_URI_PATH,
                          update_args={"XksProxyUriPath": "/still-wrong/kms/xks/v1"})
    rig.expect_key_and_crypto(MSG_URI_PATH)


# --- 4. External key checks at CreateKey, and key state/rules changed in the proxy ---------------

def test_create_key_checks_the_external_key(accounts, proxy):
    kms = accounts()
    store_id = quick_store(kms, proxy)
    connect_ok(kms, store_id)
    expect_error(lambda: create_xks_key(kms, store_id, "no-such-key-in-the-token"),
                 "XksKeyNotFoundException", MSG_KEY_NOT_FOUND_CREATE)
    for limited in (proxy["encryptOnlyKeyId"], proxy["decryptOnlyKeyId"], proxy["noUsageKeyId"]):
        response = expect_error(lambda: create_xks_key(kms, store_id, limited),
                                "XksKeyInvalidConfigurationException")
        assert response["Error"]["Message"].startswith(MSG_USAGE_PREFIX), response
    create_xks_key(kms, store_id, "foo")
    expect_error(lambda: create_xks_key(kms, store_id, "foo"), "XksKeyAlreadyInUseException")
    # Another store (of another account: endpoint + path are unique per account) may use the
    # same external key.
    elsewhere = accounts()
    other = quick_store(elsewhere, proxy)
    connect_ok(elsewhere, other)
    assert create_xks_key(elsewhere, other, "foo")["XksKeyConfiguration"] == {"Id": "foo"}
    assert len(kms.list_keys()["Keys"]) == 1


def wait_metadata(proxy, key_id, expect):
    """Polls GetKeyMetadata on the proxy until `expect(status, body)` holds (the proxy re-reads
    key state within a second and its config file within two)."""
    body = ('{"requestMetadata":{"kmsRequestId":"%s","kmsOperation":"CreateKey",'
            '"awsPrincipalArn":"arn:aws:iam::123456789012:root"}}' % uuid.uuid4())
    proxy.wait_for(lambda: expect(*signed_post(proxy.endpoint, proxy.uri_path,
                                               f"keys/{key_id}/metadata", body,
                                               *proxy.credentials[-1], proxy.ca)),
                   f"the change to {key_id}")


def two_accounts_on(accounts, managed, external):
    """A new key `external` in the managed proxy; account a with a KMS key on it and a ciphertext
    of b"round trip", account b with a connected store on the same proxy (to create keys)."""
    managed.keys("create", external)
    a, b = accounts(), accounts()
    key_id = connected_key(a, managed_store(a, managed), external)
    ciphertext = assert_round_trip(a, key_id)
    other_store = managed_store(b, managed)
    connect_ok(b, other_store)
    return a, key_id, ciphertext, b, other_store


def test_external_key_disabled_in_the_proxy(accounts, managed):
    external = f"dk-{uuid.uuid4().hex[:8]}"
    a, key_id, ciphertext, b, other_store = two_accounts_on(accounts, managed, external)

    managed.keys("disable", external)  # works while the proxy runs
    wait_metadata(managed, external, lambda s, body: s == 200 and body["keyStatus"] == "DISABLED")
    expect_error(lambda: a.encrypt(KeyId=key_id, Plaintext=b"x"), "KMSInvalidStateException",
                 MSG_KEY_NOT_ENABLED)
    expect_error(lambda: a.decrypt(CiphertextBlob=ciphertext), "KMSInvalidStateException",
                 MSG_KEY_NOT_ENABLED)
    expect_error(lambda: create_xks_key(b, other_store, external),
                 "XksKeyInvalidConfigurationException", MSG_STATUS_DISABLED)
    # The KMS key's own state never follows the external key.
    assert a.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"

    managed.keys("enable", external)
    wait_metadata(managed, external, lambda s, body: s == 200 and body["keyStatus"] == "ENABLED")
    assert a.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"round trip"
    create_xks_key(b, other_store, external)


def test_key_rules_in_the_proxy_usage_and_access_denied(accounts, managed):
    external = f"kr-{uuid.uuid4().hex[:8]}"
    a, key_id, ciphertext, b, other_store = two_accounts_on(accounts, managed, external)
    try:
        managed.key_rules = [(external, {"usage": "encrypt-only"})]
        managed.render()
        wait_metadata(managed, external,
                      lambda s, body: s == 200 and body["keyUsage"] == ["ENCRYPT"])
        expect_error(lambda: a.decrypt(CiphertextBlob=ciphertext), "KMSInvalidStateException",
                     MSG_KEY_USAGE)
        response = expect_error(lambda: create_xks_key(b, other_store, external),
                                "XksKeyInvalidConfigurationException")
        assert response["Error"]["Message"].startswith(MSG_USAGE_PREFIX), response

        # Secondary authorization: no KMS principal may use the key (403 AccessDeniedException).
        managed.key_rules = [(external, {"principals": ["arn:aws:iam::000000000000:nobody"]})]
        managed.render()
        wait_metadata(managed, external, lambda s, body: s == 403)
        expect_error(lambda: a.encrypt(KeyId=key_id, Plaintext=b"x"), "KMSInvalidStateException",
                     MSG_ACCESS_DENIED)
        expect_error(lambda: create_xks_key(b, other_store, external),
                     "CustomKeyStoreInvalidStateException", MSG_ACCESS_DENIED)
    finally:
        managed.key_rules = []
        managed.render()
    wait_metadata(managed, external, lambda s, body: s == 200 and body["keyUsage"] == [
        "ENCRYPT", "DECRYPT"])
    assert a.decrypt(CiphertextBlob=ciphertext)["Plaintext"] == b"round trip"


# --- 5. Validation and operations external keys do not support ----------------------------------

def test_create_validation(accounts, proxy):
    kms = accounts()
    loose = accounts(validate=False)
    base = public_store_args(proxy["uriEndpoint"], proxy["uriPath"], quick_credential(proxy))

    def create(client=kms, drop=(), **changes):
        args = {k: v for k, v in dict(base, **changes).items() if k not in drop}
        args["CustomKeyStoreName"] = unique_name("val")
        return lambda: client.create_custom_key_store(**args)

    for member in ("XksProxyConnectivity", "XksProxyUriEndpoint", "XksProxyUriPath",
                   "XksProxyAuthenticationCredential"):
        expect_error(create(drop=(member,)), "ValidationException",
                     f"{member} is required for a custom key store of type EXTERNAL_KEY_STORE.")
    expect_error(create(XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
                        XksProxyUriEndpoint=localhost_endpoint(proxy)),
                 "ValidationException", "XksProxyVpcEndpointServiceName is required for a custom"
                 " key store of type EXTERNAL_KEY_STORE.")
    expect_error(create(XksProxyVpcEndpointServiceName=new_service_name()),
                 "ValidationException",
                 "XksProxyVpcEndpointServiceName is not valid with XksProxyConnectivity "
                 "PUBLIC_ENDPOINT.")
    for member, value in (("CloudHsmClusterId", "cluster-abcdefghijk"),
                          ("TrustAnchorCertificate", "-----BEGIN CERTIFICATE-----"),
                          ("KeyStorePassword", "kmsuser-password")):
        expect_error(create(**{member: value}), "ValidationException",
                     f"{member} is not valid for a custom key store of type EXTERNAL_KEY_STORE.")

    for path in ("/kms/xks/v1/extra", "no/leading/slash/kms/xks/v1", "/prefix/kms/xks/v123"):
        expect_error(create(client=loose, XksProxyUriPath=path), "ValidationException",
                     validation_message(path, "xksProxyUriPath",
                                        f"Member must satisfy regular expression pattern: "
                                        f"{PATH_PATTERN}"))
    for endpoint in ("http://127.0.0.1:8443", "https://127.0.0.1:8443/path",
                     "https://user@localhost"):
        expect_error(create(client=loose, XksProxyUriEndpoint=endpoint), "ValidationException",
                     validation_message(endpoint, "xksProxyUriEndpoint",
                                        f"Member must satisfy regular expression pattern: "
                                        f"{ENDPOINT_PATTERN}"))
    expect_error(create(client=loose, XksProxyConnectivity="PRIVATE"), "ValidationException",
                 validation_message("PRIVATE", "xksProxyConnectivity",
                                    "Member must satisfy enum value set: "
                                    "[PUBLIC_ENDPOINT, VPC_ENDPOINT_SERVICE]"))
    assert kms.describe_custom_key_stores()["CustomKeyStores"] == []


def test_update_rules_and_unsupported_operations(kms, accounts, proxy):
    store_id = quick_store(kms, proxy)
    key_id = connected_key(kms, store_id, "xks-key-3")

    # While CONNECTED: the name may change, the endpoint and connectivity may not.
    new_name = unique_name("renamed")
    kms.update_custom_key_store(CustomKeyStoreId=store_id, NewCustomKeyStoreName=new_name)
    assert describe_store(kms, store_id)["CustomKeyStoreName"] == new_name
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyUriEndpoint=localhost_endpoint(proxy)))
    expect_store_state_error(lambda: kms.update_custom_key_store(
        CustomKeyStoreId=store_id, XksProxyConnectivity="VPC_ENDPOINT_SERVICE",
        XksProxyUriEndpoint=localhost_endpoint(proxy),
        XksProxyVpcEndpointServiceName=new_service_name()))
    expect_error(lambda: kms.update_custom_key_store(CustomKeyStoreId=store_id,
                                                     KeyStorePassword="kmsuser-password"),
                 "ValidationException",
                 "KeyStorePassword is not valid for a custom key store of type "
                 "EXTERNAL_KEY_STORE.")
    loose = make_client(kms.meta.endpoint_url, access_key=kms.account_id, validate=False)
    expect_error(lambda: loose.update_custom_key_store(
        CustomKeyStoreId=store_id,
        XksProxyAuthenticationCredential={"AccessKeyId": proxy["accessKeyId"]}),
        "ValidationException",
        validation_message(None, "xksProxyAuthenticationCredential.rawSecretAccessKey",
                           "Member must not be null"))

    expect_error(lambda: kms.generate_random(NumberOfBytes=16, CustomKeyStoreId=store_id),
                 "UnsupportedOperationException")
    message = xks_origin_message(arn(kms, key_id))
    for call in (lambda: kms.enable_key_rotation(KeyId=key_id),
                 lambda: kms.disable_key_rotation(KeyId=key_id),
                 lambda: kms.get_key_rotation_status(KeyId=key_id),
                 lambda: kms.rotate_key_on_demand(KeyId=key_id)):
        expect_error(call, "UnsupportedOperationException", message)
    assert_round_trip(kms, key_id)

    # A Disabled KMS key: DisabledException as for any key.
    kms.disable_key(KeyId=key_id)
    expect_error(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"), "DisabledException",
                 f"{arn(kms, key_id)} is disabled.")
    kms.enable_key(KeyId=key_id)
    assert_round_trip(kms, key_id)
