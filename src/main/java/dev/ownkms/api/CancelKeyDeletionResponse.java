package dev.ownkms.api;

/** The model's {@code CancelKeyDeletionResponse}; KeyId is the key ARN. */
public record CancelKeyDeletionResponse(String keyId) { }
