package dev.ownkms.xksproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into a {@link Reply}, in the order the reference proxy uses: route ({@code
 * InvalidUriPathException}, before authentication so an unknown prefix says so), method (405),
 * SigV4 ({@code AuthenticationFailedException}), body ({@code ValidationException}), then the
 * operation. Parsing and authentication run on the calling event loop; token work goes to the
 * token threads, and a request that waits longer than the timeout gets {@code
 * DependencyTimeoutException} instead of a hang. Thread-safe.
 */
final class XksDispatcher {

  private static final Logger log = LoggerFactory.getLogger(XksDispatcher.class);
  private static final int MAX_MESSAGE = 500;

  private final String uriPath;
  private final XksAuthenticator authenticator;
  private final XksRequests requests = new XksRequests();
  private final XksService service;
  private final Executor tokenThreads;
  private final long timeoutMillis;
  private final ProxyMetrics metrics;
  private final ObjectMapper json = new ObjectMapper();

  XksDispatcher(String uriPath, XksAuthenticator authenticator, XksService service,
      Executor tokenThreads, long timeoutMillis, ProxyMetrics metrics) {
    this.uriPath = uriPath;
    this.authenticator = authenticator;
    this.service = service;
    this.tokenThreads = tokenThreads;
    this.timeoutMillis = timeoutMillis;
    this.metrics = metrics;
  }

  CompletableFuture<Reply> handle(FullHttpRequest request) {
    String uri = request.uri();
    int question = uri.indexOf('?');
    String rawPath = question < 0 ? uri : uri.substring(0, question);
    String rawQuery = question < 0 ? "" : uri.substring(question + 1);
    if (request.method().equals(HttpMethod.GET)) {
      if (rawPath.equals("/ping")) {
        return CompletableFuture.completedFuture(Reply.text(200, "pong", "Ping"));
      }
      if (rawPath.equals("/metrics")) {
        return CompletableFuture.completedFuture(Reply.text(200, metrics.scrape(), "Metrics"));
      }
    }
    XksRoute route;
    try {
      route = XksRoute.resolve(uriPath, rawPath);
    } catch (XksException e) {
      return done(error(e, "Unknown", null, null));
    }
    String operation = route.operation().wireName();
    if (!request.method().equals(HttpMethod.POST)) {
      // SPEC "API operations": any other method on an API URI is 405.
      return done(new Reply(405, Reply.JSON, errorBody("ValidationException",
          "the XKS API accepts POST only"), operation, route.keyId(), null,
          "MethodNotAllowed"));
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    XksRequests.RequestMetadata metadata = null;
    try {
      authenticator.authenticate(new NettyXksRequest(request, rawPath, rawQuery, body));
      String keyId = route.keyId();
      switch (route.operation()) {
        case HEALTH -> {
          metadata = requests.health(body);
          return done(ok(service.health(), operation, null, metadata));
        }
        case METADATA -> {
          var parsed = requests.keyMetadata(body);
          metadata = parsed;
          return onToken(() -> service.metadata(keyId, parsed), operation, keyId, parsed);
        }
        case ENCRYPT -> {
          var parsed = requests.encrypt(body);
          metadata = parsed.metadata();
          return onToken(() -> service.encrypt(keyId, parsed), operation, keyId, metadata);
        }
        case DECRYPT -> {
          var parsed = requests.decrypt(body);
          metadata = parsed.metadata();
          return onToken(() -> service.decrypt(keyId, parsed), operation, keyId, metadata);
        }
        default -> throw new IllegalStateException("unrouted " + route);
      }
    } catch (RuntimeException e) {
      return done(error(e, operation, route.keyId(), metadata));
    }
  }

  private CompletableFuture<Reply> onToken(Supplier<Map<String, Object>> work, String operation,
      String keyId, XksRequests.RequestMetadata metadata) {
    CompletableFuture<Reply> reply;
    try {
      reply = CompletableFuture.supplyAsync(() -> ok(work.get(), operation, keyId, metadata),
          tokenThreads);
    } catch (RejectedExecutionException e) {
      return done(error(new XksException(XksError.THROTTLING, "the proxy is overloaded; retry"),
          operation, keyId, metadata));
    }
    Reply timeout = error(new XksException(XksError.DEPENDENCY_TIMEOUT, "the key manager did"
        + " not answer within " + timeoutMillis + " ms"), operation, keyId, metadata);
    return reply.exceptionally(e -> error(e instanceof java.util.concurrent.CompletionException
            && e.getCause() != null ? e.getCause() : e, operation, keyId, metadata))
        .completeOnTimeout(timeout, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private Reply ok(Map<String, Object> answer, String operation, String keyId,
      XksRequests.RequestMetadata metadata) {
    try {
      return new Reply(200, Reply.JSON, json.writeValueAsBytes(answer), operation, keyId,
          metadata, "OK");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an answer", e);
    }
  }

  Reply error(Throwable failure, String operation, String keyId,
      XksRequests.RequestMetadata metadata) {
    XksException known;
    if (failure instanceof XksException e) {
      known = e;
    } else {
      // Anything unexpected: logged in full here, a generic message on the wire.
      log.error("unexpected failure in {} for key {}", operation, keyId, failure);
      known = new XksException(XksError.INTERNAL, "internal error of the proxy");
    }
    XksError error = known.error();
    return new Reply(error.status(), Reply.JSON, errorBody(error.errorName(),
        known.getMessage()), operation, keyId, metadata, error.errorName());
  }

  /** xks.md §1.8: printable ASCII, under 512 characters. */
  byte[] errorBody(String errorName, String message) {
    StringBuilder clean = new StringBuilder();
    if (message != null) {
      for (int i = 0; i < message.length() && clean.length() < MAX_MESSAGE; i++) {
        char c = message.charAt(i);
        clean.append(c >= 0x20 && c <= 0x7e ? c : '?');
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorName", errorName);
    body.put("errorMessage", clean.toString());
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error", e);
    }
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
