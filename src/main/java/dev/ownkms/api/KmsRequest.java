package dev.ownkms.api;

/** A request shape of the model: it checks its own members against the model's constraints. */
public interface KmsRequest {

  /** Adds every constraint violation, in member order; semantic rules come later, in domain/. */
  void validate(Violations violations);
}
