package dev.ownkms.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownkms.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API behind `ownkms cluster`: only the token in the owner-only server.json opens it. */
class AdminApiTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void withoutTheAdminToken_isAccessDenied() throws Exception {
    int clustersBefore = server.assembly().clusters().list().size();
    HttpResponse<String> missing = post(null);
    HttpResponse<String> wrong = post("0".repeat(64));

    for (HttpResponse<String> response : java.util.List.of(missing, wrong)) {
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.path("__type").asText()).isEqualTo("AccessDeniedException");
      assertThat(error.path("message").asText()).contains("admin token");
    }
    assertThat(server.assembly().clusters().list()).hasSize(clustersBefore);
  }

  @Test
  void withTheTokenFromServerJson_createsACluster() throws Exception {
    String token = JSON.readTree(Files.readString(server.dataDir().resolve("server.json")))
        .path("adminToken").asText();

    HttpResponse<String> response = post(token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode created = JSON.readTree(response.body());
    assertThat(created.path("ClusterId").asText()).matches("cluster-[a-z2-7]{11}");
    assertThat(created.path("TrustAnchorCertificate").asText()).startsWith("-----BEGIN CERTIFICATE");
    assertThat(server.assembly().clusters().find(created.path("ClusterId").asText()).state().name())
        .isEqualTo("ACTIVE");
  }

  private static HttpResponse<String> post(String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "OwnKmsAdmin.CreateCluster")
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      request.header("X-OwnKMS-Admin-Token", token);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
