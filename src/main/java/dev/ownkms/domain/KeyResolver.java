package dev.ownkms.domain;

import dev.ownkms.error.KmsException.NotFoundException;

/** Finds the key a {@link KeyReference} names, with AWS's lookup-failure texts. */
final class KeyResolver {

  private KeyResolver() { }

  static KmsKey resolve(Repositories repositories, KeyReference reference) {
    return switch (reference) {
      case KeyReference.ById(Caller owner, String keyId) -> repositories.findKey(owner, keyId)
          .orElseThrow(() -> keyNotFound(owner, keyId));
      case KeyReference.ByAlias(Caller owner, String aliasName) -> {
        Alias alias = repositories.findAlias(owner, aliasName)
            .orElseThrow(() -> aliasNotFound(owner, aliasName));
        yield repositories.findKey(owner, alias.targetKeyId())
            .orElseThrow(() -> keyNotFound(owner, alias.targetKeyId()));
      }
    };
  }

  static NotFoundException keyNotFound(Caller owner, String keyId) {
    return new NotFoundException("Key '" + owner.keyArn(keyId) + "' does not exist");
  }

  static NotFoundException aliasNotFound(Caller owner, String aliasName) {
    // Not recorded from AWS; the form emulators use (kms-errors.md §5).
    return new NotFoundException("Alias " + owner.aliasArn(aliasName) + " is not found.");
  }
}
