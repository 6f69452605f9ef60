package dev.ownkms.api;

import java.util.List;

/** The model's {@code ListKeysResponse}. */
public record ListKeysResponse(List<Entry> keys, String nextMarker, Boolean truncated) {

  /** The model's {@code KeyListEntry}. */
  public record Entry(String keyId, String keyArn) { }
}
