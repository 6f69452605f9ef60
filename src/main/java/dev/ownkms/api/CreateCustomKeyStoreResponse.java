package dev.ownkms.api;

/** The model's {@code CreateCustomKeyStoreResponse}. */
public record CreateCustomKeyStoreResponse(String customKeyStoreId) { }
