package dev.ownkms.xksproxy;

/** The four XKS API operations, named as in the spec and in logs and metrics. */
enum XksOperation {
  HEALTH("GetHealthStatus"),
  METADATA("GetKeyMetadata"),
  ENCRYPT("Encrypt"),
  DECRYPT("Decrypt");

  private final String wireName;

  XksOperation(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }
}
