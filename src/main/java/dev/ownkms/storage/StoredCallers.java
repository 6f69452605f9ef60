package dev.ownkms.storage;

import dev.ownkms.domain.Caller;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link Caller} per account and Region read from the database, instead of one per row:
 * the key cache holds up to 100,000 keys, and each would otherwise carry its own copy of the
 * same two strings (about 100 bytes a key). Bounded, so a database with very many accounts only
 * stops sharing beyond the bound.
 */
final class StoredCallers {

  private static final int MAX_SHARED = 4096;
  private static final ConcurrentHashMap<Caller, Caller> SHARED = new ConcurrentHashMap<>();

  private StoredCallers() {
  }

  static Caller of(String accountId, String region) {
    Caller caller = new Caller(accountId, region);
    Caller shared = SHARED.get(caller);
    if (shared != null) {
      return shared;
    }
    if (SHARED.size() >= MAX_SHARED) {
      return caller;
    }
    Caller raced = SHARED.putIfAbsent(caller, caller);
    return raced != null ? raced : caller;
  }

  /** The empty string (most keys' description) as the one shared instance. */
  static String emptyShared(String text) {
    return text != null && text.isEmpty() ? "" : text;
  }
}
