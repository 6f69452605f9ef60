package dev.ownkms.api;

/** The model's {@code CreateKeyResponse} and {@code DescribeKeyResponse}: one member, the same. */
public record KeyMetadataResponse(KeyMetadata keyMetadata) { }
