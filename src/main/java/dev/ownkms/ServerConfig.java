package dev.ownkms;

import dev.ownkms.protocol.auth.AuthMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a server needs to start, checked once: errors name the setting and its limit.
 *
 * @param credentialsFile required with {@link AuthMode#STRICT}, ignored otherwise
 * @param reaperInterval how often keys past their deletion date are deleted
 * @param xksTimeout the deadline of each call to an XKS proxy: AWS KMS's 250 ms unless a loaded
 *     test machine needs more
 * @param ioThreads the KMS listener's event loops; 0 means one per core
 */
public record ServerConfig(
    String host, int port, Path dataDir, AuthMode auth, Path credentialsFile,
    Duration reaperInterval, Duration xksTimeout, int ioThreads) {

  public static final int DEFAULT_PORT = 4599;
  /** AWS KMS's deadline for a proxy call (xks.md §1.11). */
  public static final Duration XKS_TIMEOUT = Duration.ofMillis(250);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(reaperInterval, "reaperInterval");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
    }
    if (auth == AuthMode.STRICT && credentialsFile == null) {
      throw new IllegalArgumentException("--auth strict needs --credentials FILE");
    }
    if (reaperInterval.isNegative() || reaperInterval.isZero()) {
      throw new IllegalArgumentException("reaperInterval must be positive");
    }
    Objects.requireNonNull(xksTimeout, "xksTimeout");
    if (xksTimeout.toMillis() < 1 || xksTimeout.toMillis() > 60_000) {
      throw new IllegalArgumentException("--xks-timeout-ms must be between 1 and 60000, not "
          + xksTimeout.toMillis());
    }
    if (ioThreads < 0 || ioThreads > 256) {
      throw new IllegalArgumentException("--io-threads must be between 0 and 256, not "
          + ioThreads);
    }
  }

  /** Embedded defaults on the given data directory and port. */
  public static ServerConfig defaults(Path dataDir, int port) {
    return new ServerConfig("127.0.0.1", port, dataDir, AuthMode.PERMISSIVE, null,
        Duration.ofMinutes(1), XKS_TIMEOUT, 0);
  }
}
