package dev.ownkms.api;

import dev.ownkms.domain.Caller;

/**
 * One operation: its name (the part of {@code X-Amz-Target} after {@code TrentService.}, or after
 * {@code OwnKmsAdmin.} for the admin API), its request shape, the method that serves it, where
 * that method may run, and whether it takes the admin token instead of a SigV4 signature.
 */
public record Operation<Q extends KmsRequest>(
    String name, Class<Q> requestType, Handler<Q> handler, Execution execution, boolean admin) {

  /** Serves one request: validate every member against the model, then run the operation. */
  @FunctionalInterface
  public interface Handler<Q> {
    Object handle(Caller caller, Q request);
  }

  public Object invoke(Caller caller, KmsRequest request) {
    Q typed = requestType.cast(request);
    Violations violations = new Violations();
    typed.validate(violations);
    violations.throwIfAny();
    return handler.handle(caller, typed);
  }
}
