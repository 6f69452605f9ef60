package dev.ownkms.xksproxy;

import dev.ownkms.pkcs11.KeyToken;

/**
 * How the proxy reaches its token: the first time, and again after the token went away. For
 * SoftHSM a reconnect loads a fresh copy of the library (the only way a process sees a restored
 * token folder, pkcs11-softhsm.md §8), and only once the token folder is back on disk; a vendor
 * library is asked again for a slot with the token's label.
 */
interface TokenOpener {

  KeyToken open();

  KeyToken reopen();

  /** Whether a reconnect has a chance now (cheap; no PKCS#11 call). */
  boolean worthReopening();

  /** For {@code ekmVendor}/{@code model} in health answers, e.g. "SoftHSM2". */
  String description();

  static TokenOpener of(XksProxyConfig.Token config) {
    if (config.softHsmDirectory().isPresent()) {
      var directory = config.softHsmDirectory().get();
      return new TokenOpener() {
        @Override
        public KeyToken open() {
          return KeyToken.openSoftHsm(directory, config.label(), config.pin(),
              config.createIfMissing());
        }

        @Override
        public KeyToken reopen() {
          return KeyToken.reopenSoftHsm(directory, config.label(), config.pin());
        }

        @Override
        public boolean worthReopening() {
          return KeyToken.softHsmTokenFolderPresent(directory);
        }

        @Override
        public String description() {
          return "SoftHSM2";
        }
      };
    }
    var library = config.library().orElseThrow();
    return new TokenOpener() {
      @Override
      public KeyToken open() {
        return KeyToken.openLibrary(library, config.label(), config.pin());
      }

      @Override
      public KeyToken reopen() {
        return open();
      }

      @Override
      public boolean worthReopening() {
        return true;
      }

      @Override
      public String description() {
        return "PKCS#11 " + library.getFileName();
      }
    };
  }
}
