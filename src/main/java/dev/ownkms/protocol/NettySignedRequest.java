package dev.ownkms.protocol;

import dev.ownkms.protocol.auth.SignedRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/** A received request as the SigV4 verifier sees it: raw path, raw query, raw header values. */
record NettySignedRequest(FullHttpRequest request, byte[] body) implements SignedRequest {

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return new QueryStringDecoder(request.uri()).rawPath();
  }

  @Override
  public String rawQuery() {
    return new QueryStringDecoder(request.uri()).rawQuery();
  }

  @Override
  public List<String> headerValues(String name) {
    return request.headers().getAll(name);
  }
}
