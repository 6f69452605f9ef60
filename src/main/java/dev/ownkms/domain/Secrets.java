package dev.ownkms.domain;

import dev.ownkms.keystore.KeySealer;
import java.nio.charset.StandardCharsets;

/**
 * Seals the secrets custom key stores keep (kmsuser passwords, SO PINs, XKS proxy secret access
 * keys) under the root key,
 * each bound to what it belongs to, so a sealed value copied to another row does not open.
 */
public final class Secrets {

  private final KeySealer sealer;

  public Secrets(KeySealer sealer) {
    this.sealer = sealer;
  }

  public byte[] sealKmsuserPassword(String customKeyStoreId, Secret password) {
    return sealer.seal(bytes(password), binding("kmsuser password", customKeyStoreId));
  }

  public Secret kmsuserPassword(CustomKeyStore store) {
    return open(store.sealedPassword(), binding("kmsuser password", store.id()));
  }

  public byte[] sealXksSecret(String customKeyStoreId, Secret secretAccessKey) {
    return sealer.seal(bytes(secretAccessKey), binding("XKS secret access key", customKeyStoreId));
  }

  /** The proxy secret's UTF-8 bytes, for signing; the caller must not keep or log them. */
  public byte[] xksSecret(CustomKeyStore store) {
    return sealer.unseal(store.xks().sealedSecret(),
        binding("XKS secret access key", store.id()));
  }

  public byte[] sealSoPin(String clusterId, Secret soPin) {
    return sealer.seal(bytes(soPin), binding("SO PIN", clusterId));
  }

  public Secret soPin(String clusterId, byte[] sealed) {
    return open(sealed, binding("SO PIN", clusterId));
  }

  private Secret open(byte[] sealed, byte[] binding) {
    return Secret.of(new String(sealer.unseal(sealed, binding), StandardCharsets.UTF_8));
  }

  private static byte[] bytes(Secret secret) {
    return secret.revealUtf8().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] binding(String what, String owner) {
    return ("OwnKMS " + what + "|" + owner).getBytes(StandardCharsets.UTF_8);
  }
}
