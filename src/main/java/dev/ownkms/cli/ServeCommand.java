package dev.ownkms.cli;

import dev.ownkms.ServerAssembly;
import dev.ownkms.ServerConfig;
import dev.ownkms.protocol.auth.AuthMode;
import dev.ownkms.protocol.netty.NettyServers;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ownkms serve}: runs the KMS endpoint until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Starts the OwnKMS server. Everything lives in the data directory; the same"
        + " directory reopens everything after a restart.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "4599", paramLabel = "N",
      description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data-dir", defaultValue = "ownkms-data", paramLabel = "DIR",
      description = "Data directory, created if missing (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--auth", defaultValue = "permissive", paramLabel = "permissive|strict",
      description = "permissive: any well-formed SigV4 request is accepted, the account is the"
          + " access key id when it has 12 digits, else 111122223333. strict: signatures are"
          + " verified against --credentials (default: ${DEFAULT-VALUE}).")
  AuthMode auth;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "With --auth strict: an AWS credentials file (INI) whose sections hold"
          + " aws_access_key_id, aws_secret_access_key and optionally account_id.")
  Path credentials;

  @Option(names = "--xks-timeout-ms", defaultValue = "250", paramLabel = "MS",
      description = "Deadline of each call to an external key store's XKS proxy (default:"
          + " ${DEFAULT-VALUE}, as AWS KMS). Raise it only for a heavily loaded test machine.")
  int xksTimeoutMs;

  @Option(names = "--io-threads", defaultValue = "0", paramLabel = "N",
      description = "Event-loop threads of the KMS listener (default: one per core). Requests"
          + " never block them; more threads than cores only add context switches.")
  int ioThreads;

  @Override
  public Integer call() throws Exception {
    AuthMode authMode = auth;
    ServerConfig config = new ServerConfig(host, port, dataDir, authMode, credentials,
        Duration.ofMinutes(1), Duration.ofMillis(xksTimeoutMs), ioThreads);
    NettyServers.leakTrackingOffUnlessAsked();
    ServerAssembly server = ServerAssembly.start(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        System.out.println("OwnKMS stopped.");
      } catch (Exception e) {
        System.err.println("OwnKMS: error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "ownkms-shutdown"));
    printBanner(System.out, server, authMode);
    stopped.await();
    return 0;
  }

  private static void printBanner(PrintStream out, ServerAssembly server, AuthMode auth) {
    String endpoint = server.endpoint();
    out.println("OwnKMS " + Version.current() + " listening on " + endpoint);
    out.println("  data directory: " + server.dataDirectory());
    out.println("  database:       " + server.databaseFile() + " (SQLite)");
    out.println("  root key:       SoftHSM token ownkms-root in "
        + server.dataDirectory().resolve("softhsm") + " (back up the whole data directory)");
    out.println("  auth:           " + (auth == AuthMode.STRICT
        ? "strict (SigV4 signatures verified against the credentials file)"
        : "permissive (any SigV4 signature; a 12-digit access key id is the account id)"));
    out.println("Try it with the AWS CLI:");
    out.println("  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1"
        + " --endpoint-url " + endpoint + " kms create-key");
    out.println("Stop with Ctrl-C.");
    out.flush();
  }
}
