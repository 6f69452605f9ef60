package dev.ownkms.domain.cloudhsm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a cluster's PKCS#11 token is.
 *
 * @param library the vendor library of a registered cluster; null for a cluster made by
 *     {@code ownkms cluster create}, whose SoftHSM lives in the data directory under
 *     {@code clusters/<cluster id>/}
 * @param tokenLabel the token's label (slot ids change, labels do not)
 * @param environment variables the library reads when it initialises (e.g. SOFTHSM2_CONF)
 */
public record TokenLocation(Path library, String tokenLabel, Map<String, String> environment) {

  public TokenLocation {
    Objects.requireNonNull(tokenLabel);
    environment = Map.copyOf(environment);
  }

  /** The token of a cluster made in the data directory. */
  public static TokenLocation inDataDirectory(String tokenLabel) {
    return new TokenLocation(null, tokenLabel, Map.of());
  }

  public boolean inDataDirectory() {
    return library == null;
  }
}
