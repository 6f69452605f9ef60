package dev.ownkms.domain;

import java.time.Instant;

/**
 * One version of a key's material as stored: sealed, never in clear.
 *
 * @param rotationType null for the key's first material; AUTOMATIC or ON_DEMAND afterwards
 */
public record KeyMaterial(
    String keyId, int version, String keyMaterialId, byte[] sealed, Instant created,
    String rotationType) { }
