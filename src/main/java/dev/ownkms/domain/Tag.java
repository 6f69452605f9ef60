package dev.ownkms.domain;

/** A key's tag. Keys are case-sensitive; values may be empty. */
public record Tag(String key, String value) { }
