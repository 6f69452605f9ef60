package dev.ownkms.domain;

import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterToken;
import dev.ownkms.domain.cloudhsm.ClusterUnavailableException;
import dev.ownkms.error.KmsException.CustomKeyStoreInvalidStateException;
import dev.ownkms.error.KmsException.KMSInvalidStateException;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
import dev.ownkms.keystore.cloudhsm.TokenCiphertext;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys of CloudHSM key stores: made, used and destroyed inside the cluster's token. Every call
 * here reaches the token, so none runs on an event loop. Token failures are AWS's errors:
 * {@code KMSInvalidStateException} for crypto, {@code CustomKeyStoreInvalidStateException} for
 * CreateKey (kms-errors.md §6), with what happened in the message.
 */
public final class CloudHsmKeys {

  private static final Logger log = LoggerFactory.getLogger(CloudHsmKeys.class);
  private static final String UNREACHABLE = "KMS cannot communicate with your CloudHSM cluster";

  private final KmsStore store;
  private final CloudHsmConnections connections;
  private final TokenCiphertext format;
  private final ExecutorService tokenCalls;

  /**
   * Token crypto runs on a small pool of platform threads, in arrival order: a SunPKCS11 call is
   * native and pins the virtual thread's carrier, so with as many carriers as cores a burst of
   * token calls would starve other requests and serve waiting ones unfairly (p99 in seconds).
   */
  public CloudHsmKeys(KmsStore store, CloudHsmConnections connections, TokenCiphertext format) {
    this.store = store;
    this.connections = connections;
    this.format = format;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("token-call-", 0).factory());
    pool.allowCoreThreadTimeOut(true);
    this.tokenCalls = pool;
  }

  /**
   * CreateKey's store checks, then a non-extractable AES-256 key generated in the cluster under
   * the new key's id; returns where the key lives.
   */
  KmsKey.StoreLink generate(Caller caller, String customKeyStoreId, String keyId) {
    EventLoop.forbidBlocking("a CloudHSM token");
    CustomKeyStore keyStore = requireConnectedCloudHsm(caller, customKeyStoreId);
    Cluster cluster = store.read(r -> r.findCluster(keyStore.cloudHsmClusterId()))
        .orElseThrow(() -> new CustomKeyStoreInvalidStateException(UNREACHABLE + ": the cluster "
            + keyStore.cloudHsmClusterId() + " of custom key store " + keyStore.id()
            + " no longer exists."));
    CustomKeyStoreService.requireTwoHsms(cluster);
    try {
      connections.token(keyStore).generateAes256(keyId);
    } catch (ClusterUnavailableException e) {
      throw new CustomKeyStoreInvalidStateException(UNREACHABLE + ": " + e.getMessage());
    }
    return new KmsKey.StoreLink(keyStore.id(), keyStore.cloudHsmClusterId(), null, true);
  }

  byte[] encrypt(Caller caller, KmsKey key, byte[] plaintext, Map<String, String> context) {
    return withToken(caller, key,
        token -> format.encrypt(token, UUID.fromString(key.keyId()), plaintext, context));
  }

  byte[] decrypt(Caller caller, KmsKey key, byte[] blob, Map<String, String> context) {
    return withToken(caller, key, token -> format.decrypt(token, blob, context));
  }

  /** GenerateRandom with a CustomKeyStoreId: bytes from the cluster's token. */
  byte[] randomBytes(Caller caller, String customKeyStoreId, int count) {
    EventLoop.forbidBlocking("a CloudHSM token");
    CustomKeyStore keyStore = requireConnectedCloudHsm(caller, customKeyStoreId);
    try {
      return connections.token(keyStore).randomBytes(count);
    } catch (ClusterUnavailableException e) {
      throw new CustomKeyStoreInvalidStateException(UNREACHABLE + ": " + e.getMessage());
    }
  }

  /** After the waiting period: best effort, as AWS (kms-contract.md §1.4); logs what it could not do. */
  void destroy(KmsKey key) {
    try {
      CustomKeyStore keyStore = store.read(r -> r.findCustomKeyStore(key.owner(),
          key.customKeyStoreId())).orElse(null);
      if (keyStore == null || !keyStore.connected()) {
        log.warn("Key {} was deleted, but its custom key store is not connected: its token object"
            + " stays in the cluster", key.arn());
        return;
      }
      connections.token(keyStore).destroyKey(key.keyId());
      log.info("Destroyed the token object of key {} in cluster {}", key.arn(),
          keyStore.cloudHsmClusterId());
    } catch (ClusterUnavailableException e) {
      log.warn("Key {} was deleted, but its token object could not be destroyed: {}", key.arn(),
          e.getMessage());
    }
  }

  private CustomKeyStore requireConnectedCloudHsm(Caller caller, String customKeyStoreId) {
    CustomKeyStore keyStore = store.read(r -> r.findCustomKeyStore(caller, customKeyStoreId))
        .orElseThrow(() -> CustomKeyStoreService.notFound(customKeyStoreId));
    if (keyStore.type() != CustomKeyStoreType.AWS_CLOUDHSM) {
      throw new KmsUnsupportedOperationException("The custom key store " + customKeyStoreId
          + " is an " + keyStore.type() + "; this operation needs an AWS_CLOUDHSM key store.");
    }
    if (!keyStore.connected()) {
      throw new CustomKeyStoreInvalidStateException("The custom key store " + customKeyStoreId
          + " is " + keyStore.connectionState() + "; it must be CONNECTED.");
    }
    return keyStore;
  }

  private byte[] withToken(Caller caller, KmsKey key, java.util.function.Function<ClusterToken,
      byte[]> work) {
    EventLoop.forbidBlocking("a CloudHSM token");
    Supplier<CustomKeyStore> keyStore = () -> store.read(r -> r.findCustomKeyStore(key.owner(),
        key.customKeyStoreId())).orElseThrow(() -> new KMSInvalidStateException(key.arn()
            + " is unavailable."));
    try {
      ClusterToken token = connections.token(key.store().cloudHsmClusterId(), keyStore);
      return onTokenThread(() -> work.apply(token));
    } catch (ClusterUnavailableException e) {
      throw new KMSInvalidStateException(UNREACHABLE + ": " + e.getMessage());
    }
  }

  private byte[] onTokenThread(Callable<byte[]> call) {
    Future<byte[]> result = tokenCalls.submit(call);
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the token", e);
    }
  }
}
