package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.domain.Secret;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What the dispatcher answers when the token threads cannot help: a full queue is {@code
 * ThrottlingException} (429), a token that does not answer in time is {@code
 * DependencyTimeoutException} (503) — never a hang. The token is never reached here, so there is
 * no service behind the dispatcher.
 */
class XksDispatcherTest {

  static final String ID = "BETWEEN2TENAND3TENCHARACTERS";
  static final String SECRET = "PleaseReplaceThisWithSomeSecretOfLength43To64";
  static final String PATH = "/p/kms/xks/v1/keys/foo/metadata";
  static final String BODY = "{\"requestMetadata\":{\"kmsRequestId\":\"1\","
      + "\"kmsOperation\":\"CreateKey\",\"awsPrincipalArn\":\"arn:aws:iam::1:root\"}}";

  static XksDispatcher dispatcher(Executor tokenThreads, long timeoutMillis) {
    XksAuthenticator authenticator = new XksAuthenticator(
        List.of(new XksProxyConfig.Credential(ID, Secret.of(SECRET))), Set.of(),
        Clock.systemUTC());
    return new XksDispatcher("/p/kms/xks/v1", authenticator, null, tokenThreads, timeoutMillis,
        new ProxyMetrics());
  }

  static FullHttpRequest signedMetadataRequest() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://proxy.test" + PATH)).putHeader("Content-Type", "application/json")
        .build();
    var signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ID, SECRET)).request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms-xks-proxy")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
    FullHttpRequest netty = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PATH,
        Unpooled.wrappedBuffer(body));
    signed.forEachHeader((name, values) -> values.forEach(v -> netty.headers().add(name, v)));
    return netty;
  }

  @Test
  void fullTokenQueue_isThrottlingException() throws Exception {
    Executor full = task -> {
      throw new RejectedExecutionException("full");
    };
    Reply reply = dispatcher(full, 240).handle(signedMetadataRequest()).get(5, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(429);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8))
        .contains("\"errorName\":\"ThrottlingException\"");
  }

  @Test
  void tokenThatNeverAnswers_isDependencyTimeoutException() throws Exception {
    Executor stuck = task -> { };
    Reply reply = dispatcher(stuck, 50).handle(signedMetadataRequest()).get(5, TimeUnit.SECONDS);
    assertThat(reply.status()).isEqualTo(503);
    assertThat(new String(reply.body(), StandardCharsets.UTF_8))
        .contains("\"errorName\":\"DependencyTimeoutException\"");
    assertThat(reply.metadata().kmsRequestId()).isEqualTo("1");
  }

  @Test
  void errorMessages_arePrintableAsciiUnder512() {
    byte[] body = dispatcher(Runnable::run, 50).errorBody("ValidationException",
        "bad\nvalue é " + "x".repeat(1000));
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\n").doesNotContain("é");
    assertThat(text.length()).isLessThan(600);
  }
}
