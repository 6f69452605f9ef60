package dev.ownkms.keystore.xks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The spec's CDIV check value (xks.md §1.6): the SPEC example's 86 bytes. */
class IntegrityValueTest {

  @Test
  void sha256_ofTheSpecExample_isTheCheckValue() {
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] cdiv = IntegrityValue.sha256(
        "project=nile,department=marketing".getBytes(StandardCharsets.UTF_8),
        "key_version=1".getBytes(StandardCharsets.UTF_8), b64.decode("HMrlRw85cAJUd5Ax"),
        b64.decode("ghxkK1txeDNn3q8Y"), b64.decode("vBxN2ncH1oEkR8WVXpmyYQ=="));
    assertThat(Base64.getEncoder().encodeToString(cdiv))
        .isEqualTo("qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=");
  }

  @Test
  void sha256_withAbsentAadAndMetadata_hashesTheRestOnly() {
    byte[] withNulls = IntegrityValue.sha256(null, null, new byte[] {1}, new byte[] {2},
        new byte[] {3});
    byte[] withEmpty = IntegrityValue.sha256(new byte[0], new byte[0], new byte[] {1},
        new byte[] {2}, new byte[] {3});
    assertThat(withNulls).isEqualTo(withEmpty).hasSize(32);
  }
}
