package dev.ownkms.domain;

import dev.ownkms.error.KmsException.CustomKeyStoreInvalidStateException;
import dev.ownkms.error.KmsException.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateCustomKeyStore and UpdateCustomKeyStore for external key stores (kms-contract.md §2.1,
 * §2.3; xks.md §2.3). New proxy settings are checked against the other stores, then (public
 * endpoint, or a store in use) asked for the proxy's health with the new values, and saved only
 * if all of that passes; the checks run again in the saving transaction.
 */
public final class ExternalKeyStores {

  private static final Logger log = LoggerFactory.getLogger(ExternalKeyStores.class);

  private final KmsStore store;
  private final KeyLookup lookup;
  private final Secrets secrets;
  private final XksConnector connector;
  private final ExternalKeys keys;
  private final Clock clock;

  public ExternalKeyStores(KmsStore store, KeyLookup lookup, Secrets secrets,
      XksConnector connector, ExternalKeys keys, Clock clock) {
    this.store = store;
    this.lookup = lookup;
    this.secrets = secrets;
    this.connector = connector;
    this.keys = keys;
    this.clock = clock;
  }

  /** What CreateCustomKeyStore asks for an external store, checked against the model. */
  public record NewExternalStore(String name, XksConnectivity connectivity, String uriEndpoint,
      String uriPath, String accessKeyId, Secret secretAccessKey, String vpcServiceName,
      String vpcServiceOwner) { }

  public String create(Caller caller, NewExternalStore request) {
    String id = CustomKeyStoreService.newStoreId();
    boolean vpc = request.connectivity() == XksConnectivity.VPC_ENDPOINT_SERVICE;
    XksProxySettings settings = new XksProxySettings(request.connectivity(),
        request.uriEndpoint(), request.uriPath(), request.accessKeyId(),
        secrets.sealXksSecret(id, request.secretAccessKey()),
        vpc ? request.vpcServiceName() : null,
        vpc ? ownerOrCaller(request.vpcServiceOwner(), caller) : null);
    CustomKeyStore created = CustomKeyStore.external(id, caller, request.name(), settings, now());
    store.read(r -> checkNew(r, created));
    if (!vpc) {
      // AWS tests a VPC store's proxy at Connect, once its endpoint exists.
      connector.probe(created, "CreateCustomKeyStore");
    }
    store.write(r -> {
      checkNew(r, created);
      r.insertCustomKeyStore(created);
      return null;
    });
    log.info("Created external key store {} ({}) for proxy {}", id, request.name(), settings);
    return id;
  }

  private static Void checkNew(Repositories r, CustomKeyStore created) {
    CustomKeyStoreService.requireRoomForStore(r, created.owner());
    CustomKeyStoreService.requireNameFree(r, created.owner(), created.name(), null);
    ExternalStoreRules.requireUnique(r, created);
    ExternalStoreRules.requireUsableVpcService(r, created);
    return null;
  }

  /** What UpdateCustomKeyStore asks for an external store; null members stay as they are. */
  public record ExternalUpdate(String newName, String accessKeyId, Secret secretAccessKey,
      String uriPath, String uriEndpoint, XksConnectivity connectivity, String vpcServiceName,
      String vpcServiceOwner) {

    /** Members AWS lets change only while the store is DISCONNECTED. */
    boolean movesEndpoint() {
      return uriEndpoint != null || connectivity != null || vpcServiceName != null
          || vpcServiceOwner != null;
    }

    boolean changesProxySettings() {
      return movesEndpoint() || accessKeyId != null || uriPath != null;
    }
  }

  public void update(Caller caller, String id, ExternalUpdate update) {
    CustomKeyStore current = store.read(r -> CustomKeyStoreService.find(r, caller, id));
    CustomKeyStore changed = apply(current, update);
    if (update.changesProxySettings()) {
      store.read(r -> checkChanged(r, current, changed, update));
      if (!changed.xks().viaVpc() || current.connectionState() != ConnectionState.DISCONNECTED) {
        connector.probe(changed, "UpdateCustomKeyStore");
      }
    }
    store.write(r -> {
      CustomKeyStore now = CustomKeyStoreService.find(r, caller, id);
      checkChanged(r, now, changed, update);
      r.updateCustomKeyStore(changed.withConnection(now.connectionState(), now.errorCode()));
      return null;
    });
    keys.forget(id);
    lookup.storeChanged();
    log.info("Updated external key store {}: {}", id, changed.xks());
  }

  private Void checkChanged(Repositories r, CustomKeyStore current, CustomKeyStore changed,
      ExternalUpdate update) {
    if (update.movesEndpoint() && current.connectionState() != ConnectionState.DISCONNECTED) {
      throw new CustomKeyStoreInvalidStateException("The custom key store " + current.id()
          + " must be DISCONNECTED to change its XksProxyUriEndpoint, XksProxyConnectivity or"
          + " VPC endpoint service; it is " + current.connectionState() + ".");
    }
    if (!changed.name().equals(current.name())) {
      CustomKeyStoreService.requireNameFree(r, current.owner(), changed.name(), current.id());
    }
    if (update.changesProxySettings()) {
      ExternalStoreRules.requireUnique(r, changed);
    }
    if (update.movesEndpoint()) {
      ExternalStoreRules.requireUsableVpcService(r, changed);
    }
    return null;
  }

  /** The store as it would be after the update; the connectivity rules of §2.3. */
  private CustomKeyStore apply(CustomKeyStore current, ExternalUpdate update) {
    XksProxySettings xks = current.xks();
    if (update.accessKeyId() != null) {
      xks = xks.withCredential(update.accessKeyId(),
          secrets.sealXksSecret(current.id(), update.secretAccessKey()));
    }
    if (update.uriPath() != null) {
      xks = xks.withUriPath(update.uriPath());
    }
    if (update.movesEndpoint()) {
      xks = moved(current, xks, update);
    }
    CustomKeyStore changed = current.withXks(xks);
    return update.newName() == null ? changed : changed.withName(update.newName());
  }

  private static XksProxySettings moved(CustomKeyStore current, XksProxySettings xks,
      ExternalUpdate update) {
    XksConnectivity connectivity = update.connectivity() != null ? update.connectivity()
        : xks.connectivity();
    boolean switching = connectivity != xks.connectivity();
    if (switching && update.uriEndpoint() == null) {
      throw new ValidationException("XksProxyUriEndpoint is required to change"
          + " XksProxyConnectivity to " + connectivity + ".");
    }
    if (connectivity == XksConnectivity.PUBLIC_ENDPOINT) {
      if (update.vpcServiceName() != null || update.vpcServiceOwner() != null) {
        throw new ValidationException("XksProxyVpcEndpointServiceName and"
            + " XksProxyVpcEndpointServiceOwner are not valid with XksProxyConnectivity"
            + " PUBLIC_ENDPOINT.");
      }
      return xks.withEndpoint(connectivity, orElse(update.uriEndpoint(), xks.uriEndpoint()),
          null, null);
    }
    if (switching && update.vpcServiceName() == null) {
      throw new ValidationException("XksProxyVpcEndpointServiceName is required to change"
          + " XksProxyConnectivity to VPC_ENDPOINT_SERVICE.");
    }
    String owner = update.vpcServiceOwner() != null ? update.vpcServiceOwner()
        : update.vpcServiceName() != null ? current.owner().accountId() : xks.vpcServiceOwner();
    return xks.withEndpoint(connectivity, orElse(update.uriEndpoint(), xks.uriEndpoint()),
        orElse(update.vpcServiceName(), xks.vpcServiceName()), owner);
  }

  private static String orElse(String given, String current) {
    return given != null ? given : current;
  }

  private static String ownerOrCaller(String owner, Caller caller) {
    return owner != null ? owner : caller.accountId();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
