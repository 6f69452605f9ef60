package dev.ownkms.domain;

/** What backs a custom key store (kms-enums.md CustomKeyStoreType). */
public enum CustomKeyStoreType {
  AWS_CLOUDHSM, EXTERNAL_KEY_STORE
}
