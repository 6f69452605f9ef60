package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Secret;
import dev.ownkms.protocol.auth.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The recorded SigV4 vectors of xks.md §1.9 (curl-style and KMS-style) and the scope checks. */
class XksAuthenticatorTest {

  static final String ID = "BETWEEN2TENAND3TENCHARACTERS";
  static final String SECRET = "PleaseReplaceThisWithSomeSecretOfLength43To64";
  static final String PATH = "/example/uri/path/prefix/kms/xks/v1/health";

  record Request(Map<String, String> headers, String text) implements SignedRequest {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String rawPath() {
      return PATH;
    }

    @Override
    public String rawQuery() {
      return "";
    }

    @Override
    public List<String> headerValues(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).toList();
    }

    @Override
    public byte[] body() {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  static Request curlVector() {
    return new Request(Map.of(
        "Content-Type", "application/json",
        "Host", "localhost:18080",
        "X-Amz-Date", "20261123T080825Z",
        "Authorization", "AWS4-HMAC-SHA256 Credential=" + ID + "/20261123/us-east-1/"
            + "kms-xks-proxy/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=1a75d57862933a2f2edacb440a17c70a17d5d01ceb7379ff6714c08c1e5f3253"),
        "{\"requestMetadata\":{\"kmsOperation\":\"KmsHealthCheck\",\"kmsRequestId\":\"x\"}}");
  }

  static XksAuthenticator at(String instant, Set<String> regions) {
    return new XksAuthenticator(List.of(new XksProxyConfig.Credential(ID, Secret.of(SECRET))),
        regions, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void curlSignedVector_isAccepted() {
    assertThat(at("2026-11-23T08:09:00Z", Set.of()).authenticate(curlVector())).isEqualTo(ID);
  }

  @Test
  void kmsStyleVector_signingOnlyHostAndDate_isAccepted() {
    Request kms = new Request(Map.of(
        "Host", "xks.example.com",
        "X-Amz-Date", "20240515T120000Z",
        "Authorization", "AWS4-HMAC-SHA256 Credential=" + ID + "/20240515/eu-west-1/"
            + "kms-xks-proxy/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=fb7fd76d512a7c2f0407934874d1a542a3e95761e0dc32bf935bc05dd4d1377b"),
        "{\"requestMetadata\":{\"kmsOperation\":\"KmsHealthCheck\","
            + "\"kmsRequestId\":\"4112f4d6-db54-4af4-ae30-c55a22a8dfae\"}}");
    assertThat(at("2024-05-15T12:03:00Z", Set.of("eu-west-1")).authenticate(kms)).isEqualTo(ID);
  }

  @Test
  void sameVector_moreThanFiveMinutesLater_isRefused() {
    assertThatThrownBy(() -> at("2026-11-23T08:13:26Z", Set.of()).authenticate(curlVector()))
        .isInstanceOfSatisfying(XksException.class, e -> assertThat(e.error())
            .isEqualTo(XksError.AUTHENTICATION_FAILED));
  }

  @Test
  void regionOutsideTheAllowList_isRefused() {
    assertThatThrownBy(() -> at("2026-11-23T08:09:00Z", Set.of("eu-west-1"))
        .authenticate(curlVector())).isInstanceOf(XksException.class)
        .hasMessageContaining("region");
  }

  @Test
  void changedBody_isRefused() {
    Request changed = new Request(curlVector().headers(), curlVector().text().replace("\"x\"", "\"y\""));
    assertThatThrownBy(() -> at("2026-11-23T08:09:00Z", Set.of()).authenticate(changed))
        .isInstanceOf(XksException.class).hasMessageContaining("signature does not match");
  }

  @Test
  void rotatedCredentials_dropTheOldKey() {
    XksAuthenticator authenticator = at("2026-11-23T08:09:00Z", Set.of());
    authenticator.replaceCredentials(List.of(new XksProxyConfig.Credential(
        "NEWACCESSKEYID234567ABCD", Secret.of(SECRET))));
    assertThatThrownBy(() -> authenticator.authenticate(curlVector()))
        .isInstanceOf(XksException.class).hasMessageContaining("not known");
  }

  @Test
  void maxSkew_isFiveMinutes() {
    assertThat(XksAuthenticator.MAX_SKEW).isEqualTo(Duration.ofMinutes(5));
  }
}
