package dev.ownkms.keystore.xks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled {@link XksClient} per external key store, keyed by store id.
 *
 * <p>A store's client is rebuilt when its target changed (endpoint, path, credential, region) or
 * when asked to reload trust; its trusted CAs and client certificate are read from the data
 * directory ({@code xks-trusted-cas/*.pem}, {@code xks-client/client.pem|.key}) only then, so a
 * new CA file takes effect on the next reload or probe. Thread-safe.
 */
public final class XksClients implements AutoCloseable {

  private final Path dataDirectory;
  private final XksDeadline deadline;
  private final Map<String, XksClient> clients = new ConcurrentHashMap<>();

  /** @param deadline per call, from its start to the full answer (250 ms in production) */
  public XksClients(Path dataDirectory, Duration deadline) {
    this.dataDirectory = dataDirectory;
    this.deadline = new XksDeadline(deadline);
  }

  /** The pooled client of a store; built anew when the target changed or reloadTrust is true. */
  public XksClient client(XksTarget target, boolean reloadTrust) {
    XksClient[] replaced = new XksClient[1];
    XksClient client = clients.compute(target.storeId(), (id, current) -> {
      if (current != null && !reloadTrust && current.target().equals(target)) {
        return current;
      }
      replaced[0] = current;
      return probe(target);
    });
    if (replaced[0] != null) {
      replaced[0].close();
    }
    return client;
  }

  /** The store's pooled client as it stands, without a target to compare: for the hot path. */
  public Optional<XksClient> pooled(String storeId) {
    return Optional.ofNullable(clients.get(storeId));
  }

  /**
   * A throw-away client for checking new values (Create/Update): trust read from disk now, not
   * pooled. The caller closes it.
   */
  public XksClient probe(XksTarget target) {
    return new XksClient(target, deadline, XksTrust.read(dataDirectory));
  }

  /** Closes and drops a store's client (store deleted or disconnected). */
  public void forget(String storeId) {
    XksClient client = clients.remove(storeId);
    if (client != null) {
      client.close();
    }
  }

  @Override
  public void close() {
    clients.keySet().forEach(this::forget);
  }
}
