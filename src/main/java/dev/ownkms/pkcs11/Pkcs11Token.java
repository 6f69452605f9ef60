package dev.ownkms.pkcs11;

import dev.ownkms.domain.Secret;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.FailedLoginException;

/**
 * One token, found by label, as a SunPKCS11 provider with a logged-in {@link KeyStore}.
 *
 * <p>The provider's template makes every AES key it generates sensitive and non-extractable. Keys
 * are generated as session objects and then stored with {@link KeyStore#setEntry}, which copies
 * them to the token under a label; {@code CKA_TOKEN=true} in the template would leave an
 * unlabelled orphan behind (pkcs11-softhsm.md §3).
 */
final class Pkcs11Token {

  private static final String TEMPLATE = """
      attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
        CKA_SENSITIVE = true
        CKA_EXTRACTABLE = false
      }
      """;

  private final String label;
  private final Provider provider;
  private final KeyStore keyStore;

  private Pkcs11Token(String label, Provider provider, KeyStore keyStore) {
    this.label = label;
    this.provider = provider;
    this.keyStore = keyStore;
  }

  static boolean exists(Pkcs11Library library, String label) {
    return library.slotOfToken(label).isPresent();
  }

  /** Opens the token, creating it first with these PINs if the library has no token so labelled. */
  static Pkcs11Token createIfMissing(Pkcs11Library library, String label, TokenPins pins) {
    if (!exists(library, label)) {
      create(library, label, pins);
    }
    return open(library, label, pins.userPin());
  }

  /** Initialises a new token in the library's free slot. */
  static void create(Pkcs11Library library, String label, TokenPins pins) {
    long slot = library.freeSlot().orElseThrow(() -> new TokenException(
        library + " offers no free slot to create the token " + label + " in"));
    try {
      library.createToken(slot, label, pins.soPin(), pins.userPin());
    } catch (Pkcs11CallException e) {
      throw new TokenException("cannot create the token " + label + " with " + library, e);
    }
  }

  /**
   * A provider for the token's current slot (resolved now: slot ids change when tokens are made
   * and when the process restarts) and a key store logged in with the user PIN.
   */
  static Pkcs11Token open(Pkcs11Library library, String label, Secret userPin) {
    OptionalLong slot = library.slotOfToken(label);
    if (slot.isEmpty()) {
      throw new TokenException(library + " has no token labelled " + label);
    }
    Provider provider = provider(library, label, slot.getAsLong());
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      // SunPKCS11 skips C_Login when the token is already logged in anywhere in this process
      // (pkcs11-softhsm.md §2), so a wrong PIN is only noticed on the process's first open.
      keyStore.load(null, userPin.revealUtf8().toCharArray());
      return new Pkcs11Token(label, provider, keyStore);
    } catch (IOException e) {
      if (hasCause(e, FailedLoginException.class)) {
        throw new TokenException("the user PIN was refused by the token " + label
            + " (CKR_PIN_INCORRECT)", e);
      }
      throw new TokenException("cannot log in to the token " + label + " with " + library, e);
    } catch (GeneralSecurityException e) {
      throw new TokenException("cannot open the key store of the token " + label, e);
    }
  }

  Provider provider() {
    return provider;
  }

  /**
   * Loads the key store again, so keys made since (by another process or outside SunPKCS11) get
   * aliases. SunPKCS11 skips the login when the token is logged in already.
   */
  void reload(Secret userPin) {
    try {
      keyStore.load(null, userPin.revealUtf8().toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new TokenException("cannot reload the key store of the token " + label, e);
    }
  }

  /** The secret key stored under this alias, or empty if the token has none. */
  Optional<SecretKey> secretKey(String alias) {
    try {
      Key key = keyStore.getKey(alias, null);
      if (key != null && !(key instanceof SecretKey)) {
        throw new TokenException("the object " + alias + " in the token " + label
            + " is not a secret key");
      }
      return Optional.ofNullable((SecretKey) key);
    } catch (GeneralSecurityException e) {
      throw new TokenException("cannot read the key " + alias + " from the token " + label, e);
    }
  }

  /**
   * Generates a non-extractable AES-256 key in the token and stores it under the alias; returns
   * the stored token object, not the session key it was copied from.
   */
  SecretKey generateAes256(String alias) {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(256);
      keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
    } catch (GeneralSecurityException e) {
      throw new TokenException("cannot generate the key " + alias + " in the token " + label, e);
    }
    return secretKey(alias).orElseThrow(() -> new TokenException(
        "the token " + label + " did not keep the key " + alias));
  }

  /**
   * A SunPKCS11 provider for a token's slot, with the sensitive, non-extractable AES template.
   * {@code label} names the token in messages; the provider's name is derived from it.
   */
  static Provider provider(Pkcs11Library library, String label, long slot) {
    String path = library.path().toString();
    if (path.contains("\"") || path.contains("\\") || path.contains("${") || path.contains("\n")) {
      // SunPKCS11's config parser reads these as quote ends, escapes and ${property} expansions.
      throw new TokenException("SunPKCS11 cannot load a library from a path containing a quote,"
          + " a backslash, ${ or a line break: " + path);
    }
    // The name only shows in provider names; SunPKCS11 parses it as a bare word.
    String name = label.replaceAll("[^A-Za-z0-9._-]", "_");
    String config = "--name=" + name + "\nlibrary = \"" + path + "\"\nslot = " + slot + "\n"
        + TEMPLATE;
    try {
      return Security.getProvider("SunPKCS11").configure(config);
    } catch (ProviderException | IllegalArgumentException e) {
      throw new TokenException("SunPKCS11 cannot use the token " + label + " in slot " + slot
          + " of " + library + " " + SunPkcs11Errors.describe(e), e);
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "token " + label + " (" + provider.getName() + ")";
  }
}
