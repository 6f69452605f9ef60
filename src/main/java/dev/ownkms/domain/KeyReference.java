package dev.ownkms.domain;

import dev.ownkms.error.KmsException.InvalidArnException;
import dev.ownkms.error.KmsException.NotFoundException;

/**
 * A parsed {@code KeyId} member: a key id or key ARN, or (where the operation allows it) an alias
 * name or alias ARN (kms-contract.md §1.1). Parsing alone decides the malformed cases, with the
 * recorded {@code NotFoundException} texts (kms-errors.md §5).
 */
public sealed interface KeyReference {

  /** A key named by id, in the caller's account and Region. */
  record ById(Caller owner, String keyId) implements KeyReference { }

  /** A key named through an alias. */
  record ByAlias(Caller owner, String aliasName) implements KeyReference { }

  /**
   * {@code [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}}, checked
   * by hand: every request that names a key runs it.
   */
  static boolean isKeyId(String text) {
    if (text.length() != 36) {
      return false;
    }
    boolean multiRegion = text.startsWith("mrk-");
    for (int i = multiRegion ? 4 : 0; i < 36; i++) {
      boolean dash = !multiRegion && (i == 8 || i == 13 || i == 18 || i == 23);
      if (dash ? text.charAt(i) != '-' : !lowerHex(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean lowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Parses a member that accepts key ids, key ARNs, alias names and alias ARNs. */
  static KeyReference keyOrAlias(Caller caller, String text) {
    return parse(caller, text, true);
  }

  /** Parses a member that accepts key ids and key ARNs only. */
  static KeyReference keyOnly(Caller caller, String text) {
    return parse(caller, text, false);
  }

  private static KeyReference parse(Caller caller, String text, boolean aliasesAllowed) {
    if (text.startsWith("arn:")) {
      return parseArn(caller, text, aliasesAllowed);
    }
    if (text.startsWith("alias/") && aliasesAllowed) {
      return new ByAlias(caller, text);
    }
    if (!isKeyId(text)) {
      throw new NotFoundException("Invalid keyId '" + text + "'");
    }
    return new ById(caller, text);
  }

  private static KeyReference parseArn(Caller caller, String arn, boolean aliasesAllowed) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[1].equals(caller.partition()) || !parts[2].equals("kms")
        || parts[4].isEmpty()) {
      throw new InvalidArnException("Invalid arn " + arn);
    }
    String region = parts[3];
    if (!region.equals(caller.region())) {
      // Recorded: a key ARN naming another Region (kms-errors.md §5).
      throw new NotFoundException("Invalid arn " + region);
    }
    Caller owner = new Caller(parts[4], region);
    String resource = parts[5];
    // kms-contract.md §1.1: OwnKMS serves each caller its own account; another account's ARN
    // names a key or alias that does not exist for this caller.
    boolean foreign = !owner.accountId().equals(caller.accountId());
    if (resource.startsWith("key/")) {
      String keyId = resource.substring("key/".length());
      if (!isKeyId(keyId)) {
        // Reported AWS variant: no quotes when the id came inside an ARN.
        throw new NotFoundException("Invalid keyId " + keyId);
      }
      if (foreign) {
        throw new NotFoundException("Key '" + owner.keyArn(keyId) + "' does not exist");
      }
      return new ById(owner, keyId);
    }
    if (resource.startsWith("alias/")) {
      if (!aliasesAllowed) {
        throw new NotFoundException("Invalid keyId '" + arn + "'");
      }
      if (foreign) {
        throw new NotFoundException("Alias " + owner.aliasArn(resource) + " is not found.");
      }
      return new ByAlias(owner, resource);
    }
    throw new InvalidArnException("Invalid arn " + arn);
  }
}
