package dev.ownkms.xksproxy;

import dev.ownkms.protocol.netty.NettyServers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The proxy's HTTP(S) listener on Netty ({@link NettyServers} says how it is set up). */
final class XksHttpServer implements AutoCloseable {

  /** Far above the largest valid request (≈ 17 KB of Base64 plus 2 KB ARNs). */
  static final int MAX_REQUEST_BYTES = 64 * 1024;
  /** A connection with no traffic for this long is closed; KMS reuses its connections. */
  static final int IDLE_SECONDS = 120;

  private final EventLoopGroup group;
  private final Channel channel;

  private XksHttpServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  static XksHttpServer start(InetSocketAddress address, Optional<SslContext> tls,
      XksDispatcher dispatcher, AccessLog accessLog, ProxyMetrics metrics)
      throws InterruptedException {
    EventLoopGroup group = NettyServers.eventLoops("xks-io", 0);
    byte[] oversized = dispatcher.errorBody(XksError.UNSUPPORTED_OPERATION.errorName(),
        "the request body is larger than this proxy accepts (" + MAX_REQUEST_BYTES + " bytes)");
    try {
      Channel channel = NettyServers.bootstrap(group)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              tls.ifPresent(context -> ch.pipeline().addLast(context.newHandler(ch.alloc())));
              ch.pipeline()
                  .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpServerKeepAliveHandler())
                  .addLast(new OversizeAwareAggregator(MAX_REQUEST_BYTES, oversized))
                  .addLast(new XksRequestHandler(dispatcher, accessLog, metrics));
            }
          })
          .bind(address).sync().channel();
      return new XksHttpServer(group, channel);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
