package dev.ownkms.api;

/** The model's {@code GenerateRandomResponse}. */
public record GenerateRandomResponse(byte[] plaintext) {

  @Override
  public String toString() {
    return "GenerateRandomResponse[***]";
  }
}
