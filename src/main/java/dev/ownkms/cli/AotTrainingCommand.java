package dev.ownkms.cli;

import dev.ownkms.ServerAssembly;
import dev.ownkms.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The launcher's training run for the JDK's ahead-of-time cache (JEP 483/514): starts a server
 * on a throw-away data directory, serves the calls a first client makes, and stops. The JVM
 * records the classes this loads and links; a server started with the resulting cache answers
 * its first request in about half the time (README "Performance").
 */
@Command(name = "aot-training", hidden = true,
    description = "Runs a server briefly to train the JDK's AOT cache (used by ./ownkms).")
public final class AotTrainingCommand implements Callable<Integer> {

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("ownkms-aot-training-");
    try (ServerAssembly server = ServerAssembly.start(ServerConfig.defaults(dataDir, 0),
        Clock.systemUTC())) {
      HttpClient http = HttpClient.newHttpClient();
      URI endpoint = URI.create(server.endpoint());
      call(http, endpoint, "ListKeys", "{}");
      String created = call(http, endpoint, "CreateKey", "{}");
      String keyId = created.replaceAll("(?s).*\"KeyId\":\"([^\"]+)\".*", "$1");
      String encrypted = call(http, endpoint, "Encrypt",
          "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"dHJhaW5pbmc=\"}");
      String blob = encrypted.replaceAll("(?s).*\"CiphertextBlob\":\"([^\"]+)\".*", "$1");
      call(http, endpoint, "Decrypt", "{\"CiphertextBlob\":\"" + blob + "\"}");
      call(http, endpoint, "DescribeKey", "{\"KeyId\":\"" + keyId + "\"}");
    } finally {
      delete(dataDir);
    }
    return 0;
  }

  /** One call signed as any client signs in permissive mode (the signature is not checked). */
  private static String call(HttpClient http, URI endpoint, String operation, String body)
      throws IOException, InterruptedException {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "TrentService." + operation)
        .header("X-Amz-Date", AMZ_DATE.format(now))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDAOTTRAINING/"
            + now.format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8)
            + "/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + "0".repeat(64))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(operation + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
