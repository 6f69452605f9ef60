package dev.ownkms.domain;

/** A custom key store's connection state (kms-enums.md ConnectionStateType). */
public enum ConnectionState {
  CONNECTED, CONNECTING, FAILED, DISCONNECTED, DISCONNECTING
}
