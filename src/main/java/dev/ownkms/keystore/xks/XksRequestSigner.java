package dev.ownkms.keystore.xks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 for XKS requests (xks.md §1.9) with the AWS SDK v2 signer: service {@code
 * kms-xks-proxy}, the target's region. The canonical URI is the path as sent (no double encoding,
 * no normalisation), as KMS does. The SDK also signs {@code x-amz-content-sha256}; proxies honour
 * whatever {@code SignedHeaders} lists.
 */
final class XksRequestSigner {

  static final String SERVICE = "kms-xks-proxy";

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsIdentity identity;
  private final String region;
  private final Clock clock;

  XksRequestSigner(String accessKeyId, byte[] secretAccessKey, String region, Clock clock) {
    this.identity = AwsCredentialsIdentity.create(accessKeyId,
        new String(secretAccessKey, StandardCharsets.UTF_8));
    this.region = region;
    this.clock = clock;
  }

  /** The headers to add to a POST of {@code body} to {@code uri}, besides Host and length. */
  List<Map.Entry<String, String>> headers(URI uri, byte[] body) {
    SdkHttpFullRequest request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(uri)
        .putHeader("Content-Type", "application/json")
        .build();
    SdkHttpRequest signed = signer.sign(r -> r
        .identity(identity)
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    signed.forEachHeader((name, values) -> {
      // the HTTP client sets Host (the same host[:port] the signer used) and Content-Length
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> headers.add(Map.entry(name, v)));
      }
    });
    return headers;
  }
}
