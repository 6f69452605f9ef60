package dev.ownkms.storage;

/** A database failure: logged in full by the server, answered as KMSInternalException. */
public final class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
