package dev.ownkms.protocol.auth;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.Secret;
import dev.ownkms.error.KmsException.AccessDeniedException;

/**
 * The admin API's credential: a random token the server writes, owner-only, into
 * {@code <data-dir>/server.json} (DESIGN.md "Admin commands"), sent back in
 * {@value #HEADER}. Whoever can read the data directory may administer the server.
 */
public final class AdminToken {

  public static final String HEADER = "X-OwnKMS-Admin-Token";
  /** Admin operations act on the server, not on an account's resources. */
  public static final Caller ADMIN = new Caller("000000000000", "ownkms-admin");

  private final Secret token;

  public AdminToken(Secret token) {
    this.token = token;
  }

  public Caller authenticate(String header) {
    if (header == null || !token.equals(Secret.of(header))) {
      throw new AccessDeniedException("The admin API needs the admin token of this server's"
          + " data directory (server.json) in the " + HEADER + " header.");
    }
    return ADMIN;
  }
}
