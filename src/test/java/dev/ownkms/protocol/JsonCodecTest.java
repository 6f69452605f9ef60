package dev.ownkms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.api.ListKeysRequest;
import dev.ownkms.api.TagResourceRequest;
import dev.ownkms.error.KmsException.SerializationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  private final JsonCodec json = new JsonCodec();

  @Test
  void read_mapsPascalCaseMembers() {
    ListKeysRequest request = json.read(bytes("{\"Limit\":5,\"Marker\":\"m\"}"),
        ListKeysRequest.class);

    assertThat(request).isEqualTo(new ListKeysRequest(5, "m"));
  }

  @Test
  void read_emptyBodyAndNullLiteral_areTheEmptyRequest() {
    assertThat(json.read(new byte[0], ListKeysRequest.class)).isEqualTo(new ListKeysRequest(null, null));
    assertThat(json.read(bytes("null"), ListKeysRequest.class))
        .isEqualTo(new ListKeysRequest(null, null));
  }

  @Test
  void read_wrongTypeInAList_namesTheMemberWithoutJavaNames() {
    assertThatThrownBy(() -> json.read(bytes("{\"Tags\":[{\"TagKey\":1}]}"),
        TagResourceRequest.class))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Unexpected JSON value type for member 'Tags[0].TagKey'.");
  }

  @Test
  void write_omitsNullMembers() {
    assertThat(new String(json.write(new ListKeysRequest(3, null)), StandardCharsets.UTF_8))
        .isEqualTo("{\"Limit\":3}");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
