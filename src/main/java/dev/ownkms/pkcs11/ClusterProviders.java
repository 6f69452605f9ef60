package dev.ownkms.pkcs11;

import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
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

  private static final String TEMPLATE = """
      attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
        CKA_SENSITIVE = true
        CKA_EXTRACTABLE = false
      }
      """;

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
        provider = configure(library, slot, label);
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

  private static Provider configure(Pkcs11Library library, long slot, String label) {
    String path = library.path().toString();
    if (path.contains("\"") || path.contains("\\") || path.contains("${") || path.contains("\n")) {
      // SunPKCS11's config parser reads these as quote ends, escapes and ${property} expansions.
      throw new TokenException("SunPKCS11 cannot load a library from a path containing a quote,"
          + " a backslash, ${ or a line break: " + path);
    }
    // The name only shows in provider names; SunPKCS11 parses it as a bare word.
    String name = "ownkms-" + label.replaceAll("[^A-Za-z0-9._-]", "_");
    String config = "--name=" + name + "\nlibrary = \"" + path + "\"\nslot = " + slot + "\n"
        + TEMPLATE;
    try {
      return Security.getProvider("SunPKCS11").configure(config);
    } catch (ProviderException | IllegalArgumentException e) {
      throw new TokenException("SunPKCS11 cannot use the token " + label + " in slot " + slot
          + " of " + library + " " + SunPkcs11Errors.describe(e), e);
    }
  }

  private record TokenKey(String library, long slot, String label) {}
}
