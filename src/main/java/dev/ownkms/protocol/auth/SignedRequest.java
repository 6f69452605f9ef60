package dev.ownkms.protocol.auth;

import java.util.List;

/**
 * The parts of an HTTP request that SigV4 covers, as they arrived on the wire. The HTTP layer
 * adapts its request type to this; the verifier never sees a framework type.
 *
 * <p>Adapters must not normalise anything (sigv4-verification.md, traps 2, 4, 6 and 9): the client
 * signed the bytes it sent, so a rewritten {@code Content-Length}, a merged duplicate header or a
 * {@code Host} without its port makes a correct signature look wrong.
 */
public interface SignedRequest {

  /** The request method as received, e.g. {@code POST}. */
  String method();

  /** The path part of the request target, still percent-encoded, without the query. */
  String rawPath();

  /** The query part of the request target after {@code ?}, still percent-encoded; empty when there is none. */
  String rawQuery();

  /**
   * Every occurrence of the header {@code name} (looked up case-insensitively), in the order
   * received, with raw values. Empty when the request does not carry it.
   */
  List<String> headerValues(String name);

  /** The body exactly as received; empty for no body. */
  byte[] body();
}
