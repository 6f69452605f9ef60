package dev.ownkms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.api.NoOutput;
import dev.ownkms.api.Operation;
import dev.ownkms.api.OperationTable;
import dev.ownkms.error.KmsException;
import dev.ownkms.pkcs11.RootKey;
import dev.ownkms.protocol.JsonCodec;
import dev.ownkms.protocol.auth.AdminToken;
import dev.ownkms.storage.Database;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs an admin operation for a data directory (DESIGN.md "Admin commands"): through the admin
 * API of the server running on it (found in {@code server.json}), because tokens must be made in
 * the process that uses them; with no server running, in this process on the directory itself.
 */
public final class AdminClient {

  /** What the admin operation answered: its error type and message. */
  public static final class AdminException extends Exception {
    public AdminException(String type, String message) {
      super(type + ": " + message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminClient() { }

  /** The operation's JSON answer ({@code {}} for none). */
  public static String call(Path dataDirectory, String operation, Object request)
      throws AdminException, IOException, InterruptedException {
    byte[] body = JSON.writeValueAsBytes(request);
    Path serverInfo = dataDirectory.resolve("server.json");
    if (Files.exists(serverInfo)) {
      JsonNode info = JSON.readTree(serverInfo.toFile());
      try {
        return overHttp(info.path("endpoint").asText(), info.path("adminToken").asText(),
            operation, body);
      } catch (ConnectException staleServerJson) {
        // The server is gone (killed without cleanup): fall through to the directory itself.
      }
    }
    return inProcess(dataDirectory, operation, body);
  }

  private static String overHttp(String endpoint, String token, String operation, byte[] body)
      throws IOException, InterruptedException, AdminException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
          .header("Content-Type", "application/x-amz-json-1.1")
          .header("X-Amz-Target", OperationTable.ADMIN_PREFIX + operation)
          .header(AdminToken.HEADER, token)
          .timeout(Duration.ofMinutes(2))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        JsonNode error = JSON.readTree(response.body());
        throw new AdminException(error.path("__type").asText("Error"),
            error.path("message").asText(response.body()));
      }
      return response.body().isEmpty() ? "{}" : response.body();
    }
  }

  private static String inProcess(Path dataDirectory, String operation, byte[] body)
      throws AdminException, IOException {
    ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    try (DataDirectory directory = DataDirectory.open(dataDirectory);
        RootKey rootKey = RootKey.openOrCreate(directory.root());
        Database database = Database.openSqlite(directory.databaseFile());
        Services services = Services.build(directory.root(), rootKey, database, background,
            Clock.systemUTC(), ServerConfig.XKS_TIMEOUT)) {
      Operation<?> admin = ServerAssembly.operations(services)
          .lookup(OperationTable.ADMIN_PREFIX + operation);
      JsonCodec json = new JsonCodec();
      Object result = admin.invoke(AdminToken.ADMIN, json.read(body, admin.requestType()));
      return result == NoOutput.INSTANCE ? "{}"
          : new String(json.write(result), StandardCharsets.UTF_8);
    } catch (KmsException e) {
      throw new AdminException(e.getClass().getSimpleName(), e.getMessage());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      background.shutdownNow();
    }
  }
}
