package dev.ownkms.xksproxy;

import dev.ownkms.xksproxy.tls.ServerTls;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running XKS proxy: the token, its health monitor, the token threads and the HTTP(S) listener,
 * wired from an {@link XksProxyConfig}. {@link #close()} stops it all.
 */
public final class XksProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(XksProxy.class);

  private final XksProxyConfig config;
  private final TokenGateway token;
  private final HealthMonitor health;
  private final ThreadPoolExecutor tokenThreads;
  private final XksAuthenticator authenticator;
  private final XksService service;
  private final XksHttpServer server;

  private XksProxy(XksProxyConfig config, TokenGateway token, HealthMonitor health,
      ThreadPoolExecutor tokenThreads, XksAuthenticator authenticator, XksService service,
      XksHttpServer server) {
    this.config = config;
    this.token = token;
    this.health = health;
    this.tokenThreads = tokenThreads;
    this.authenticator = authenticator;
    this.service = service;
    this.server = server;
  }

  public static XksProxy start(XksProxyConfig config, Clock clock) throws InterruptedException {
    Optional<SslContext> tls = config.tls().map(t -> ServerTls.context(t.certificate(),
        t.privateKey(), t.clientCa(), t.clientName()));
    TokenGateway token = TokenGateway.open(TokenOpener.of(config.token()));
    HealthMonitor health = null;
    ThreadPoolExecutor threads = null;
    try {
      health = new HealthMonitor(token, config.healthInterval());
      ProxyMetrics metrics = new ProxyMetrics();
      metrics.healthGauge(health::status);
      threads = tokenThreads(config);
      XksAuthenticator authenticator = new XksAuthenticator(config.credentials(),
          config.regions(), clock);
      XksService service = new XksService(token, health, new SecureRandom(), metrics,
          config.keyRules(), config.onlyListedKeys());
      XksDispatcher dispatcher = new XksDispatcher(config.uriPath(), authenticator, service,
          threads, config.requestTimeout().toMillis(), metrics);
      XksHttpServer server = XksHttpServer.start(config.listen(), tls, dispatcher,
          new AccessLog(), metrics);
      log.info("XKS proxy listening on {}://{}:{}{} over {} ({}); TLS: {}",
          tls.isPresent() ? "https" : "http", server.address().getHostString(),
          server.address().getPort(), config.uriPath(), token.tokenLabel(), token.description(),
          tls.isEmpty() ? "off" : (ServerTls.openSslAvailable() ? "OpenSSL (BoringSSL)" : "JDK")
              + (config.tls().get().clientCa().isPresent() ? ", client certificates required"
              : ""));
      return new XksProxy(config, token, health, threads, authenticator, service, server);
    } catch (InterruptedException | RuntimeException e) {
      if (threads != null) {
        threads.shutdownNow();
      }
      if (health != null) {
        health.close();
      }
      token.close();
      throw e;
    }
  }

  private static ThreadPoolExecutor tokenThreads(XksProxyConfig config) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(config.tokenThreads(), config.tokenThreads(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.queueLimit()), r -> {
          Thread thread = new Thread(r, "xks-token-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
  }

  public XksProxyConfig config() {
    return config;
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** {@code http(s)://host:port}, as KMS's XksProxyUriEndpoint (with a port: a deviation). */
  public String endpoint() {
    return (config.tls().isPresent() ? "https://" : "http://") + address().getHostString() + ":"
        + address().getPort();
  }

  /** Credential rotation and key rules without a restart; listener, TLS and token stay. */
  public void reload(XksProxyConfig changed) {
    authenticator.replaceCredentials(changed.credentials());
    service.replaceRules(changed.keyRules(), changed.onlyListedKeys());
    log.info("reloaded credentials ({}) and key rules ({})", changed.credentials().size(),
        changed.keyRules().size());
  }

  /** The token health the last check found. */
  public String healthStatus() {
    return health.status().name();
  }

  @Override
  public void close() {
    server.close();
    tokenThreads.shutdownNow();
    health.close();
    token.close();
  }
}
