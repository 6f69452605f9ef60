package dev.ownkms.keystore;

/** Freshly generated key material: its id, its sealed form for the database, and the key itself. */
public record NewKeyMaterial(BackingKey backingKey, byte[] sealed) { }
