package dev.ownkms.xksproxy;

import dev.ownkms.protocol.auth.SignedRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;

/** A received request as the SigV4 verifier sees it: raw path, raw query, raw header values. */
record NettyXksRequest(FullHttpRequest request, String rawPath, String rawQuery, byte[] body)
    implements SignedRequest {

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public List<String> headerValues(String name) {
    return request.headers().getAll(name);
  }
}
