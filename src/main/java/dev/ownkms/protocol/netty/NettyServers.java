package dev.ownkms.protocol.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * What both HTTP listeners (the KMS API and the XKS proxy) choose about Netty, each choice
 * measured with the load benchmark (README "Performance"): epoll when the platform has it, one
 * event loop per core, pooled buffers.
 */
public final class NettyServers {

  private NettyServers() {}

  /**
   * One event loop per core unless {@code threads} says otherwise: no handler blocks its loop
   * (blocking work runs on virtual threads or the token pool), so Netty's default of two per
   * core only adds context switches (−6% Encrypt throughput measured on 2 cores). The threads
   * are named {@code name-<group>-<n>}, for thread dumps.
   */
  public static EventLoopGroup eventLoops(String name, int threads) {
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory()
        : NioIoHandler.newFactory();
    int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory(name), io);
  }

  /**
   * A bootstrap on {@code group} with the pooled allocator: Netty 4.2's default adaptive
   * allocator spent ~6% of the request path in its magazine queues (+8% throughput measured).
   */
  public static ServerBootstrap bootstrap(EventLoopGroup group) {
    return new ServerBootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.TCP_NODELAY, true);
  }

  /**
   * For the server commands (not the tests, which keep Netty's sampling): buffer-leak tracking
   * off unless {@code -Dio.netty.leakDetection.level} asks for it; its sampling cost 5% of
   * Encrypt throughput, and every buffer here is released by the codec or the handler.
   */
  public static void leakTrackingOffUnlessAsked() {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }
}
