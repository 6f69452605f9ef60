package dev.ownkms.protocol;

import dev.ownkms.api.OperationTable;
import dev.ownkms.protocol.auth.AdminToken;
import dev.ownkms.protocol.auth.RequestAuthenticator;
import dev.ownkms.protocol.netty.NettyServers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executor;

/** The KMS HTTP endpoint on Netty ({@link NettyServers} says how it is set up). */
public final class KmsHttpServer implements AutoCloseable {

  /**
   * Large enough for a 131,072-character policy even if every character is a six-byte JSON
   * unicode escape (786,432 bytes); no larger, since the launcher bounds the heap (-Xmx128m)
   * and each body is held while it is parsed.
   */
  private static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private final EventLoopGroup group;
  private final Channel channel;
  private final ExecutionStats stats;

  private KmsHttpServer(EventLoopGroup group, Channel channel, ExecutionStats stats) {
    this.group = group;
    this.channel = channel;
    this.stats = stats;
  }

  public static KmsHttpServer start(InetSocketAddress address, OperationTable operations,
      RequestAuthenticator authenticator, AdminToken adminToken, Executor blockingExecutor,
      Clock clock, int ioThreads)
      throws InterruptedException {
    EventLoopGroup group = NettyServers.eventLoops("kms-io", ioThreads);
    JsonCodec json = new JsonCodec();
    ExecutionStats stats = new ExecutionStats();
    KmsResponses responses = new KmsResponses(json, clock);
    try {
      Channel channel = NettyServers.bootstrap(group)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpServerKeepAliveHandler())
                  .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                  .addLast(new KmsRequestHandler(operations, authenticator, adminToken, json, responses,
                      blockingExecutor, stats));
            }
          })
          .bind(address).sync().channel();
      return new KmsHttpServer(group, channel, stats);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  /** How INLINE operations were served: on the event loop, or moved to a virtual thread. */
  public ExecutionStats stats() {
    return stats;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    // The channel is closed already: no need for Netty's default two-second quiet period.
    group.shutdownGracefully(100, 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)
        .syncUninterruptibly();
  }
}
