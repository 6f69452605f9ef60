package dev.ownkms.pkcs11;

import java.security.Provider;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SunPKCS11 provider per token (library file, slot, label), made on first use and then reused:
 * providers cannot be unloaded, so a provider per connect would pile up for the life of the
 * process. The registry is process-wide because the providers and the loaded libraries are; a
 * second provider on the same token would share its login state anyway (pkcs11-softhsm.md §1).
 *
 * <p>The template makes every AES key the provider generates sensitive and non-extractable. Keys
 * are generated as session objects and stored with {@code KeyStore.setEntry}, never with
 * {@code CKA_TOKEN=true} in the template, which leaves an unlabelled orphan behind (§3). No
 * {@code destroyTokenAfterLogout}: with it a logged-out provider answers "No token present" and
 * could not be reused for the next connect (§8).
 */
final class ClusterProviders {

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final Map<TokenKey, Provider> PROVIDERS = new HashMap<>();

  private ClusterProviders() {}

  /** The provider of the token in this slot of the library, made on first use. */
  static Provider forToken(Pkcs11Library library, long slot, String label) {
    TokenKey key = new TokenKey(library.path().toString(), slot, label);
    LOCK.lock();
    try {
      Provider provider = PROVIDERS.get(key);
      if (provider == null) {
        provider = Pkcs11Token.provider(library, label, slot);
        PROVIDERS.put(key, provider);
      }
      return provider;
    } finally {
      LOCK.unlock();
    }
  }

  /** Forgets the providers of a library whose tokens are gone (a destroyed cluster's copy). */
  static void forgetLibrary(Pkcs11Library library) {
    String path = library.path().toString();
    LOCK.lock();
    try {
      PROVIDERS.keySet().removeIf(key -> key.library().equals(path));
    } finally {
      LOCK.unlock();
    }
  }

  private record TokenKey(String library, long slot, String label) {}
}
