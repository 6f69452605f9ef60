package dev.ownkms.xksproxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Collects a request body up to a limit far above what the spec's largest request needs; a larger
 * body is answered with the spec's {@code UnsupportedOperationException} ("an input exceeds this
 * proxy's limits", 501) as JSON, and the connection is closed, instead of Netty's bare 413.
 *
 * <p>The close lingers: a client still sending the rest of a large body would otherwise get a
 * reset, which can destroy the answer before it reads it. Meanwhile the aggregator discards the
 * rest of the body. The answer says no {@code Connection: close}: the keep-alive handler before
 * this one would close at once on seeing it, which is the very reset the linger avoids.
 */
final class OversizeAwareAggregator extends HttpObjectAggregator {

  /** Long enough for a client on any sane link to finish sending a body of the limit's size. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final byte[] errorBody;

  OversizeAwareAggregator(int maxContentLength, byte[] errorBody) {
    super(maxContentLength);
    this.errorBody = errorBody;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.NOT_IMPLEMENTED, Unpooled.wrappedBuffer(errorBody));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Reply.JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, errorBody.length);
    ctx.writeAndFlush(response).addListener(written ->
        ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS));
  }
}
