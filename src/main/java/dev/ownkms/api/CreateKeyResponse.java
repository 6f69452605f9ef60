package dev.ownkms.api;

/** The model's {@code CreateKeyResponse} (and DescribeKey's, which has the same shape). */
public record CreateKeyResponse(KeyMetadata keyMetadata) { }
