package dev.ownkms;

import dev.ownkms.domain.AliasService;
import dev.ownkms.domain.CloudHsmConnections;
import dev.ownkms.domain.CloudHsmKeys;
import dev.ownkms.domain.ClusterService;
import dev.ownkms.domain.CryptoService;
import dev.ownkms.domain.CustomKeyStoreService;
import dev.ownkms.domain.ExternalKeyStores;
import dev.ownkms.domain.ExternalKeys;
import dev.ownkms.domain.XksConnector;
import dev.ownkms.domain.KeyDeletionReaper;
import dev.ownkms.domain.KeyLookup;
import dev.ownkms.domain.KeyService;
import dev.ownkms.domain.KmsStore;
import dev.ownkms.domain.RotationService;
import dev.ownkms.domain.Secrets;
import dev.ownkms.domain.TagService;
import dev.ownkms.domain.VpcEndpointServices;
import dev.ownkms.domain.cloudhsm.CertificateIssuer;
import dev.ownkms.keystore.DefaultKeyStore;
import dev.ownkms.keystore.cloudhsm.ClusterCertificates;
import dev.ownkms.keystore.cloudhsm.TokenCiphertext;
import dev.ownkms.keystore.xks.XksClients;
import dev.ownkms.pkcs11.ClusterTokens;
import dev.ownkms.pkcs11.RootKey;
import dev.ownkms.storage.Database;
import dev.ownkms.storage.JdbcKmsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The domain of one data directory, wired by hand: the server serves it over HTTP, and
 * {@code ownkms cluster …} uses it directly when no server runs on the directory.
 */
record Services(
    KmsStore store,
    DefaultKeyStore keyStore,
    KeyService keys,
    AliasService aliases,
    TagService tags,
    CryptoService crypto,
    RotationService rotations,
    KeyDeletionReaper reaper,
    CustomKeyStoreService customKeyStores,
    ClusterService clusters,
    VpcEndpointServices vpcEndpointServices,
    ExternalKeyStores externalKeyStores,
    XksClients xksClients) implements AutoCloseable {


  /** Unsealed backing keys kept in memory; each is a few hundred bytes. */
  private static final int BACKING_KEY_CACHE = 100_000;

  static Services build(Path dataDirectory, RootKey rootKey, Database database,
      Executor background, Clock clock, Duration xksTimeout) throws NoSuchAlgorithmException {
    KmsStore store = new JdbcKmsStore(database);
    SecureRandom random = drbg();
    DefaultKeyStore keyStore = new DefaultKeyStore(rootKey, random, BACKING_KEY_CACHE);
    KeyLookup lookup = new KeyLookup(store);
    Secrets secrets = new Secrets(rootKey);
    ClusterTokens tokens = new ClusterTokens(dataDirectory);
    CloudHsmConnections connections = new CloudHsmConnections(store, tokens, secrets);
    CloudHsmKeys cloudHsmKeys = new CloudHsmKeys(store, connections, new TokenCiphertext(random));
    XksClients xksClients = new XksClients(dataDirectory, xksTimeout);
    XksConnector proxies = new XksConnector(xksClients, secrets);
    ExternalKeys externalKeys = new ExternalKeys(store, proxies);
    ClusterCertificates certificates = new ClusterCertificates(new SecureRandom(), clock);
    CertificateIssuer issuer = clusterId -> {
      ClusterCertificates.Issued issued = certificates.issue(clusterId);
      return new CertificateIssuer.Issued(issued.trustAnchorPem(), issued.clusterCertificatePem());
    };
    return new Services(store, keyStore,
        new KeyService(store, lookup, keyStore, cloudHsmKeys, externalKeys, clock),
        new AliasService(store, lookup, clock),
        new TagService(store),
        new CryptoService(store, lookup, keyStore, cloudHsmKeys, externalKeys),
        new RotationService(store, lookup, keyStore, clock),
        new KeyDeletionReaper(store, lookup, keyStore, cloudHsmKeys, clock),
        new CustomKeyStoreService(store, lookup, connections, proxies, externalKeys, secrets,
            background, clock),
        new ClusterService(store, tokens, issuer, secrets, clock),
        new VpcEndpointServices(store, clock),
        new ExternalKeyStores(store, lookup, secrets, proxies, externalKeys, clock),
        xksClients);
  }

  /** Closes the pooled proxy connections; the database and root key belong to the caller. */
  @Override
  public void close() {
    xksClients.close();
  }

  /** Backing keys, data keys, IVs and random bytes: a SHA-256 Hash_DRBG at 256-bit strength. */
  private static SecureRandom drbg() throws NoSuchAlgorithmException {
    return SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256,
        DrbgParameters.Capability.RESEED_ONLY, "OwnKMS".getBytes(StandardCharsets.UTF_8)));
  }
}
