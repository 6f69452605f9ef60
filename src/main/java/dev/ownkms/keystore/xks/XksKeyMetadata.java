package dev.ownkms.keystore.xks;

import java.util.List;

/**
 * A GetKeyMetadata answer (xks.md §1.5). Values are reported as the proxy sent them; whether they
 * suit a KMS key (AES_256, ENCRYPT and DECRYPT, ENABLED) is CreateKey's judgement.
 *
 * @param keyUsage at most 10 values
 * @param keyStatus ENABLED or DISABLED
 */
public record XksKeyMetadata(String keySpec, List<String> keyUsage, String keyStatus) {

  public XksKeyMetadata {
    keyUsage = List.copyOf(keyUsage);
  }
}
