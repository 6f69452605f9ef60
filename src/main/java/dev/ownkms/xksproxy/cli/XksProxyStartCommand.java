package dev.ownkms.xksproxy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.protocol.netty.NettyServers;
import dev.ownkms.xksproxy.QuickStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ownkms xks-proxy start --json}: a ready-made proxy for scripts and tests over a fresh
 * SoftHSM token, announced by one JSON line on stdout.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {"Starts a proxy for scripts and tests on a loopback port over a fresh SoftHSM"
        + " token with keys for every conformance case, fresh credentials and (unless --http) a"
        + " fresh private CA; prints one JSON line once ready and serves until SIGTERM.",
        "JSON: uriEndpoint, uriPath, accessKeyId, secretAccessKey, region, keyIds,"
        + " encryptOnlyKeyId, decryptOnlyKeyId, noUsageKeyId, caCertificate (PEM path or null)"
        + " [, clientCertificate, clientKey with --mtls] [, trustedCaCopy, clientCertificateCopy"
        + " with --trust-into]."})
public final class XksProxyStartCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print the proxy's values as one JSON line (the only"
      + " output format; accepted for clarity in scripts).")
  boolean json;

  @Option(names = "--http", description = "Plain HTTP instead of HTTPS.")
  boolean http;

  @Option(names = "--mtls", description = "Require client certificates; a client certificate"
      + " and key are written and named in the JSON.")
  boolean mtls;

  @Option(names = "--port", defaultValue = "0", paramLabel = "N",
      description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Folder for the token and certificates (default: a new temporary folder).")
  Path dir;

  @Option(names = "--trust-into", paramLabel = "DATA_DIR",
      description = "Also copy the CA certificate into DATA_DIR/xks-trusted-cas/ so an OwnKMS"
          + " server on that data directory trusts this proxy; with --mtls also the client"
          + " certificate and key into DATA_DIR/xks-client/client.pem and client.key, which"
          + " that server then presents.")
  Path trustInto;

  @Override
  public Integer call() throws Exception {
    if (http && mtls) {
      System.err.println("ownkms xks-proxy start: --mtls needs TLS; drop --http");
      return 2;
    }
    Path directory = dir != null ? Files.createDirectories(dir)
        : Files.createTempDirectory("ownkms-xks-proxy");
    QuickStart.Options options = new QuickStart.Options(!http, mtls, port, Duration.ofSeconds(5));
    NettyServers.leakTrackingOffUnlessAsked();
    QuickStart.Started started = QuickStart.start(directory, options);
    CountDownLatch stopped = XksProxyCommand.stopOnShutdown(started);
    Map<String, Object> values = started.describe();
    if (trustInto != null && started.caCertificate().isPresent()) {
      values.put("trustedCaCopy", QuickStart.trustInto(started.caCertificate().get(), trustInto,
          "xks-proxy-" + started.proxy().address().getPort()).toString());
    }
    if (trustInto != null && started.clientCertificate().isPresent()) {
      values.put("clientCertificateCopy", QuickStart.clientInto(
          started.clientCertificate().get(), started.clientKey().orElseThrow(), trustInto)
          .toString());
    }
    System.out.println(new ObjectMapper().writeValueAsString(values));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
