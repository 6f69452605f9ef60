package dev.ownkms.protocol.auth;

/** How much a request must prove to {@link RequestAuthenticator} (DESIGN.md "Accounts, regions, auth"). */
public enum AuthMode {
  /** Any well-formed SigV4 request is accepted, unverified; a 12-digit access key id is the account id. */
  PERMISSIVE,
  /** The signature is verified against the credentials file, and the clock skew is limited. */
  STRICT
}
