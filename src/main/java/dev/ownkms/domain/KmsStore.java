package dev.ownkms.domain;

/**
 * Runs work in one database transaction: a write either happens whole or not at all, so a crash
 * never leaves half a key. Reads see one consistent snapshot.
 */
public interface KmsStore {

  <T> T read(Work<T> work);

  <T> T write(Work<T> work);

  /** Work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Repositories repositories);
  }
}
