package dev.ownkms.testing;

import dev.ownkms.ServerAssembly;
import dev.ownkms.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The real server on a free port with an embedded SQLite database in a fresh directory, started
 * once per test class ({@code @RegisterExtension static TestServer server = new TestServer();}),
 * and AWS SDK for Java v2 clients pointed at it.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

  /** The account a non-12-digit access key maps to in permissive mode. */
  public static final String DEFAULT_ACCOUNT = "111122223333";

  private final MutableClock clock = MutableClock.startingNow();
  private final Duration xksTimeout;
  private Path dataDir;
  private ServerAssembly server;
  private KmsClient client;

  public TestServer() {
    this(ServerConfig.XKS_TIMEOUT);
  }

  /**
   * @param xksTimeout the proxy-call deadline: tests that do not test it give a loaded
   *     machine's proxy more than AWS's 250 ms
   */
  public TestServer(Duration xksTimeout) {
    this.xksTimeout = xksTimeout;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("ownkms-test-");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Stops the server and starts a new one on the same data directory. */
  public void restart() throws Exception {
    stop();
    start();
  }

  public MutableClock clock() {
    return clock;
  }

  public ServerAssembly assembly() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  public URI endpoint() {
    return URI.create(server.endpoint());
  }

  /** A client of the default account in us-east-1. */
  public KmsClient client() {
    return client;
  }

  /** A client whose access key id (12 digits = that account) and Region are given. */
  public KmsClient client(String accessKeyId, String region) {
    return clientFor(endpoint(), accessKeyId, "test-secret", region);
  }

  public static KmsClient clientFor(URI endpoint, String accessKeyId, String secret, String region) {
    return KmsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  private void start() throws Exception {
    ServerConfig defaults = ServerConfig.defaults(dataDir, 0);
    server = ServerAssembly.start(new ServerConfig(defaults.host(), 0, dataDir, defaults.auth(),
        null, defaults.reaperInterval(), xksTimeout, 0), clock);
    client = client("AKIAIOSFODNN7EXAMPLE", "us-east-1");
  }

  private void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
