package dev.ownkms.api;

/** The model's {@code XksProxyAuthenticationCredentialType}; both parts are sensitive. */
public record XksCredential(String accessKeyId, String rawSecretAccessKey) {

  @Override
  public String toString() {
    return "XksCredential[***]";
  }
}
