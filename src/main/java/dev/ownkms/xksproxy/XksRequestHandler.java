package dev.ownkms.xksproxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.TreeMap;

/**
 * One connection's requests: hands each to the {@link XksDispatcher} and writes the answers in
 * request order (a pipelining client must get them in order although token work finishes in any
 * order), then logs and counts each. All state is touched on the channel's event loop only.
 */
final class XksRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final XksDispatcher dispatcher;
  private final AccessLog accessLog;
  private final ProxyMetrics metrics;
  private final TreeMap<Long, Pending> ready = new TreeMap<>();
  private long nextSequence;
  private long nextToWrite;

  private record Pending(Reply reply, boolean keepAlive, long start) {}

  XksRequestHandler(XksDispatcher dispatcher, AccessLog accessLog, ProxyMetrics metrics) {
    this.dispatcher = dispatcher;
    this.accessLog = accessLog;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long start = System.nanoTime();
    long sequence = nextSequence++;
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      Reply reply = dispatcher.error(XksException.validation("the HTTP request is malformed"),
          "Unknown", null, null);
      complete(ctx, sequence, new Pending(reply, false, start));
      return;
    }
    dispatcher.handle(request).whenComplete((reply, failure) -> {
      Reply answer = failure == null ? reply : dispatcher.error(failure, "Unknown", null, null);
      if (ctx.executor().inEventLoop()) {
        complete(ctx, sequence, new Pending(answer, keepAlive, start));
      } else {
        ctx.executor().execute(() -> complete(ctx, sequence, new Pending(answer, keepAlive,
            start)));
      }
    });
  }

  private void complete(ChannelHandlerContext ctx, long sequence, Pending pending) {
    ready.put(sequence, pending);
    while (!ready.isEmpty() && ready.firstKey() == nextToWrite) {
      Pending next = ready.pollFirstEntry().getValue();
      nextToWrite++;
      write(ctx, next);
    }
  }

  private void write(ChannelHandlerContext ctx, Pending pending) {
    Reply reply = pending.reply();
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
        .set(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC)));
    if (reply.status() == 405) {
      response.headers().set(HttpHeaderNames.ALLOW, "POST");
    }
    HttpUtil.setKeepAlive(response, pending.keepAlive());
    var written = ctx.writeAndFlush(response);
    if (!pending.keepAlive()) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    long nanos = System.nanoTime() - pending.start();
    if (!reply.operation().equals("Metrics") && !reply.operation().equals("Ping")) {
      accessLog.record(reply.operation(), reply.keyId(), reply.metadata(), reply.status(),
          reply.outcome(), nanos);
      metrics.request(reply.operation(), reply.outcome(), nanos);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close(); // an idle or stalled connection is dropped, never kept forever
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // TLS handshake failures and resets land here: the connection is over either way.
    ctx.close();
  }
}
