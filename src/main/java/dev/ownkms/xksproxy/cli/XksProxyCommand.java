package dev.ownkms.xksproxy.cli;

import dev.ownkms.protocol.netty.NettyServers;
import dev.ownkms.xksproxy.XksProxy;
import dev.ownkms.xksproxy.XksProxyConfig;
import dev.ownkms.xksproxy.XksProxyConfigFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ownkms xks-proxy --config FILE}: runs an XKS proxy until stopped. The config file is
 * re-read when it changes: credentials (rotation) and key rules apply without a restart.
 */
@Command(
    name = "xks-proxy",
    mixinStandardHelpOptions = true,
    description = {"An AWS KMS External Key Store (XKS) proxy, spec v1.0.3, over a PKCS#11 token"
        + " (SoftHSM2 or any vendor's library).",
        "Without a subcommand: serve with --config until stopped (Ctrl-C or SIGTERM).",
        "Credentials and [[keys]] rules are re-read when the config file changes."},
    subcommands = {XksProxyInitCommand.class, XksProxyStartCommand.class,
        XksProxyKeysCommand.class})
public final class XksProxyCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "The proxy's config file (.toml, .yaml or .yml); `xks-proxy init` writes one.")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (config == null) {
      System.err.println("ownkms xks-proxy: --config FILE is required (or a subcommand; see"
          + " --help)");
      return 2;
    }
    ConfigFileWatch watch = ConfigFileWatch.start(config);
    XksProxyConfig settings = XksProxyConfigFile.load(config);
    NettyServers.leakTrackingOffUnlessAsked();
    XksProxy proxy = XksProxy.start(settings, Clock.systemUTC());
    CountDownLatch stopped = stopOnShutdown(proxy);
    System.out.println("OwnKMS XKS proxy listening on " + proxy.endpoint() + settings.uriPath());
    System.out.println("  token: " + settings.token() + "; config: " + config.toAbsolutePath());
    System.out.println("Stop with Ctrl-C.");
    System.out.flush();
    while (!stopped.await(2, TimeUnit.SECONDS)) {
      if (watch.changed()) {
        try {
          proxy.reload(XksProxyConfigFile.load(config));
        } catch (RuntimeException e) {
          System.err.println("ownkms xks-proxy: the changed config was not applied: "
              + e.getMessage());
        }
      }
    }
    return 0;
  }

  static CountDownLatch stopOnShutdown(AutoCloseable proxy) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        proxy.close();
      } catch (Exception e) {
        System.err.println("ownkms xks-proxy: error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "xks-proxy-shutdown"));
    return stopped;
  }
}
