package dev.ownkms.domain.cloudhsm;

import dev.ownkms.domain.Secret;
import java.util.Optional;

/**
 * The PKCS#11 tokens that stand for CloudHSM clusters (DESIGN.md "CloudHSM store"). Implemented
 * over SunPKCS11 in {@code pkcs11}; every method blocks (token calls), so none runs on an event
 * loop. One login per cluster at a time: {@link #connect} logs out first, then logs in as
 * {@code kmsuser}, because SunPKCS11 skips the login of a token already logged in.
 */
public interface ClusterBackend {

  /** The PINs of a token made by {@link #createToken}. */
  record TokenPins(Secret kmsuserPassword, Secret soPin) { }

  /**
   * Makes the SoftHSM token of a new cluster in the data directory ({@code clusters/<clusterId>/}),
   * labelled {@code tokenLabel}, with a random SO PIN and {@code kmsuser} password.
   */
  TokenPins createToken(String clusterId, String tokenLabel);

  /**
   * Makes a new cluster's token as a copy of another data-directory cluster's token, as a restore
   * from its backup: the same label, PINs and keys. Must be called before the new cluster is used.
   */
  void copyToken(String sourceClusterId, String clusterId);

  /**
   * Logs in to the cluster's token as {@code kmsuser}, from a logged-out state, and keeps the
   * session for {@link #connected}.
   */
  ClusterToken connect(String clusterId, TokenLocation location, Secret kmsuserPassword)
      throws ClusterConnectException;

  /** The logged-in token of a connected cluster, if this process holds its session. */
  Optional<ClusterToken> connected(String clusterId);

  /** Logs out and drops the session; does nothing if there is none. */
  void disconnect(String clusterId);

  /** Sets the {@code kmsuser} password with the SO PIN (what a CloudHSM admin would do). */
  void setKmsuserPassword(String clusterId, TokenLocation location, Secret soPin,
      Secret newPassword) throws ClusterConnectException;

  /**
   * Wipes a data-directory cluster's token in this process and removes its folder once the
   * library lets go of it (never deleted under a live library: pkcs11-softhsm.md §8).
   */
  void destroy(String clusterId, TokenLocation location);
}
