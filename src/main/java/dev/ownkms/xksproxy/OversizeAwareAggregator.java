package dev.ownkms.xksproxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Collects a request body up to a limit far above what the spec's largest request needs; a larger
 * body is answered with the spec's {@code UnsupportedOperationException} ("an input exceeds this
 * proxy's limits", 501) as JSON, and the connection is closed, instead of Netty's bare 413.
 */
final class OversizeAwareAggregator extends HttpObjectAggregator {

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
        .setInt(HttpHeaderNames.CONTENT_LENGTH, errorBody.length)
        .set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
