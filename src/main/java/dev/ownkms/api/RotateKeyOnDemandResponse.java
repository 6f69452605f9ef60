package dev.ownkms.api;

/** The model's {@code RotateKeyOnDemandResponse}: the key id. */
public record RotateKeyOnDemandResponse(String keyId) { }
