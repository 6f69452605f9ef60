package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The spec's example values (xks.md §1.6): framed AAD check vectors. */
class AadFramingTest {

  static final byte[] AAD = "project=nile,department=marketing".getBytes(StandardCharsets.UTF_8);
  static final byte[] METADATA = "key_version=1".getBytes(StandardCharsets.UTF_8);

  @Test
  void framedAad_ofTheSpecExample() {
    assertThat(HexFormat.of().formatHex(AadFraming.framedAad(AAD, METADATA))).isEqualTo(
        "0021" + HexFormat.of().formatHex(AAD) + "0d" + HexFormat.of().formatHex(METADATA));
  }

  @Test
  void framedAad_withNothing_isThreeZeroBytes() {
    assertThat(AadFraming.framedAad(null, null)).containsExactly(0, 0, 0);
  }
}
