package dev.ownkms.api;

import java.util.List;

/** The model's {@code ListKeyRotationsRequest}. */
public record ListKeyRotationsRequest(String keyId, String includeKeyMaterial, Integer limit,
    String marker) implements KmsRequest {

  static final WireEnum INCLUDE_KEY_MATERIAL =
      WireEnum.of(List.of("ALL_KEY_MATERIAL", "ROTATIONS_ONLY"));

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    v.oneOf("includeKeyMaterial", includeKeyMaterial, INCLUDE_KEY_MATERIAL);
    Members.limitAndMarker(v, limit, marker);
  }
}
