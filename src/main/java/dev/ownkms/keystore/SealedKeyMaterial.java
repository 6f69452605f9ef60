package dev.ownkms.keystore;

/** A backing key as the database holds it: sealed by the root key. */
public record SealedKeyMaterial(String keyId, int version, String keyMaterialId, byte[] sealed) { }
