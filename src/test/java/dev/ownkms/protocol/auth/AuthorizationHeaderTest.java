package dev.ownkms.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.IncompleteSignatureException;
import dev.ownkms.error.KmsException.InvalidSignatureException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationHeaderTest {

  private static final String SIGNATURE =
      "7f7c24f1e5a54fc23e2d30eba57c48234fc54adadddc95e815f4b9a1e418d007";

  @Test
  void parse_botocoreHeader_yieldsEveryPart() {
    AuthorizationHeader header = AuthorizationHeader.parse(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/kms/aws4_request,"
            + " SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + SIGNATURE);

    assertThat(header).isEqualTo(new AuthorizationHeader("AKIDEXAMPLE", "20261123", "us-east-1",
        "kms", List.of("content-type", "host", "x-amz-date", "x-amz-target"), SIGNATURE));
    assertThat(header.credentialScope()).isEqualTo("20261123/us-east-1/kms/aws4_request");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      no space after commas  | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request,SignedHeaders=host;x-amz-date,Signature=abc
      parameters reordered   | AWS4-HMAC-SHA256 Signature=abc, SignedHeaders=host;x-amz-date, Credential=A/20261123/us-east-1/kms/aws4_request
      extra spaces           | AWS4-HMAC-SHA256   Credential = A/20261123/us-east-1/kms/aws4_request ,  SignedHeaders=host;x-amz-date ,Signature=abc
      unknown parameter kept out | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request, Foo=bar, SignedHeaders=host;x-amz-date, Signature=abc
      """)
  void parse_toleratesLayoutVariations(String name, String value) {
    AuthorizationHeader header = AuthorizationHeader.parse(value);

    assertThat(header.accessKeyId()).isEqualTo("A");
    assertThat(header.signedHeaders()).containsExactly("host", "x-amz-date");
    assertThat(header.signature()).isEqualTo("abc");
  }

  @Test
  void parse_lowerCasesSignedHeaderNames() {
    AuthorizationHeader header = AuthorizationHeader.parse(
        "AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request,"
            + " SignedHeaders=Host;X-Amz-Date, Signature=abc");

    assertThat(header.signedHeaders()).containsExactly("host", "x-amz-date");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      no Credential     | AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc | Authorization header requires 'Credential' parameter.
      no SignedHeaders  | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request, Signature=abc | Authorization header requires 'SignedHeaders' parameter.
      no Signature      | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request, SignedHeaders=host | Authorization header requires 'Signature' parameter.
      empty Signature   | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature= | Authorization header requires 'Signature' parameter.
      nothing after the algorithm | AWS4-HMAC-SHA256 | Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.
      two missing       | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request | Authorization header requires 'SignedHeaders' parameter. Authorization header requires 'Signature' parameter.
      other algorithm   | AWS4-HMAC-SHA512 Credential=A/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=abc | Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.
      SigV2 header      | AWS AKIDEXAMPLE:c2lnbmF0dXJl | Unsupported AWS 'algorithm': 'AWS'.
      SigV4A header     | AWS4-ECDSA-P256-SHA256 Credential=A/20261123/kms/aws4_request, SignedHeaders=host, Signature=abc | Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.
      four elements     | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/aws4_request, SignedHeaders=host, Signature=abc | Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'A/20261123/us-east-1/aws4_request'
      six elements      | AWS4-HMAC-SHA256 Credential=A/B/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=abc | Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'A/B/20261123/us-east-1/kms/aws4_request'
      repeated Signature | AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=abc, Signature=def | Authorization header has more than one 'Signature' parameter.
      """)
  void parse_malformedHeader_failsWithIncompleteSignature(String name, String value, String message) {
    assertThatThrownBy(() -> AuthorizationHeader.parse(value))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessage(message);
  }

  @Test
  void parse_wrongScopeTerminator_failsWithInvalidSignature() {
    assertThatThrownBy(() -> AuthorizationHeader.parse(
            "AWS4-HMAC-SHA256 Credential=A/20261123/us-east-1/kms/aws5_request,"
                + " SignedHeaders=host, Signature=abc"))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessage("Credential should be scoped with a valid terminator: 'aws4_request', not"
            + " 'aws5_request'.");
  }

  @Test
  void parse_longUnsupportedAlgorithm_isCutInTheMessage() {
    String token = "x".repeat(500);

    assertThatThrownBy(() -> AuthorizationHeader.parse(token))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessage("Unsupported AWS 'algorithm': '" + "x".repeat(64) + "...'.");
  }
}
