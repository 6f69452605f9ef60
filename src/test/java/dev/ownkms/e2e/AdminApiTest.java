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

/**
 * The admin API behind `ownkms cluster` and `ownkms vpce`: only the token in the owner-only
 * server.json opens it.
 */
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

  @Test
  void vpcEndpointServices_withoutTheAdminToken_areAccessDenied() throws Exception {
    String name = "com.amazonaws.vpce.us-east-1.vpce-svc-0denied0";
    String body = "{\"ServiceName\":\"" + name + "\",\"PrivateDnsName\":\"xks.example.com\"}";

    for (String token : new String[] {null, "0".repeat(64)}) {
      for (String operation : java.util.List.of("CreateVpcEndpointService",
          "ListVpcEndpointServices", "DeleteVpcEndpointService")) {
        HttpResponse<String> response = post(token, operation, body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("__type").asText())
            .isEqualTo("AccessDeniedException");
      }
    }
    assertThat(server.assembly().vpcEndpointServices().list())
        .noneMatch(s -> s.serviceName().equals(name));
  }

  @Test
  void vpcEndpointServices_withTheToken_createListDescribeDelete() throws Exception {
    String token = adminToken();
    String name = "com.amazonaws.vpce.eu-west-1.vpce-svc-0admin0";

    HttpResponse<String> created = post(token, "CreateVpcEndpointService", "{\"ServiceName\":\""
        + name + "\",\"PrivateDnsName\":\"xks.example.com\",\"AvailabilityZones\":1}");
    HttpResponse<String> again = post(token, "CreateVpcEndpointService", "{\"ServiceName\":\""
        + name + "\",\"PrivateDnsName\":\"xks.example.com\"}");
    HttpResponse<String> listed = post(token, "ListVpcEndpointServices", "{}");
    HttpResponse<String> described = post(token, "DescribeVpcEndpointService",
        "{\"ServiceName\":\"" + name + "\"}");
    HttpResponse<String> deleted = post(token, "DeleteVpcEndpointService",
        "{\"ServiceName\":\"" + name + "\"}");
    HttpResponse<String> gone = post(token, "DescribeVpcEndpointService",
        "{\"ServiceName\":\"" + name + "\"}");
    HttpResponse<String> badName = post(token, "CreateVpcEndpointService",
        "{\"ServiceName\":\"vpce-svc-1\",\"PrivateDnsName\":\"xks.example.com\"}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonNode service = JSON.readTree(created.body());
    assertThat(service.path("Region").asText()).isEqualTo("eu-west-1");
    assertThat(service.path("Owner").asText()).isEqualTo("111122223333");
    assertThat(service.path("PrivateDnsVerified").asBoolean()).isTrue();
    assertThat(service.path("AcceptanceRequired").asBoolean()).isFalse();
    assertThat(service.path("RequirementsBroken").toString()).contains("1 Availability Zone");
    assertThat(JSON.readTree(again.body()).path("__type").asText())
        .isEqualTo("AlreadyExistsException");
    assertThat(JSON.readTree(listed.body()).path("VpcEndpointServices").findValuesAsText(
        "ServiceName")).contains(name);
    assertThat(JSON.readTree(described.body()).path("PrivateDnsName").asText())
        .isEqualTo("xks.example.com");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(gone.body()).path("__type").asText()).isEqualTo("NotFoundException");
    assertThat(JSON.readTree(badName.body()).path("__type").asText())
        .isEqualTo("ValidationException");
  }

  private static String adminToken() throws Exception {
    return JSON.readTree(Files.readString(server.dataDir().resolve("server.json")))
        .path("adminToken").asText();
  }

  private static HttpResponse<String> post(String token) throws Exception {
    return post(token, "CreateCluster", "{}");
  }

  private static HttpResponse<String> post(String token, String operation, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "OwnKmsAdmin." + operation)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-OwnKMS-Admin-Token", token);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
