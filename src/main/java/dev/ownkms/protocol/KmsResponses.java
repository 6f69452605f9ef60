package dev.ownkms.protocol;

import dev.ownkms.api.NoOutput;
import dev.ownkms.error.KmsException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds every HTTP response: the one place that turns results and {@link KmsException}s into
 * AWS JSON 1.1 (kms-errors.md §2). Every response has {@code x-amzn-RequestId} and a {@code Date}
 * (SDKs correct clock skew from it).
 */
final class KmsResponses {

  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final JsonCodec json;
  private final HttpDates dates;

  KmsResponses(JsonCodec json, Clock clock) {
    this.json = json;
    this.dates = new HttpDates(clock);
  }

  FullHttpResponse success(String requestId, Object result) {
    byte[] body = result == NoOutput.INSTANCE ? new byte[0] : json.write(result);
    return response(HttpResponseStatus.OK, requestId, body);
  }

  FullHttpResponse error(String requestId, KmsException error) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", error.type());
    if (error.getMessage() != null) {
      body.put("message", error.getMessage());
    }
    FullHttpResponse response =
        response(HttpResponseStatus.valueOf(error.status()), requestId, json.write(body));
    // The Java SDKs read the code from this header before __type; keep the two equal.
    response.headers().set("x-amzn-ErrorType", error.type());
    return response;
  }

  private FullHttpResponse response(HttpResponseStatus status, String requestId, byte[] body) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("x-amzn-RequestId", requestId)
        .set(HttpHeaderNames.DATE, dates.now());
    return response;
  }
}
