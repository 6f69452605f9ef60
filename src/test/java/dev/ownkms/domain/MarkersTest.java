package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.InvalidMarkerException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkersTest {

  @Test
  void page_withMoreRowsThanLimit_isTruncatedWithAMarkerAfterTheLastItem() {
    Page<String> page = Markers.page("L", List.of("a", "b", "c"), 2, s -> s);

    assertThat(page.items()).containsExactly("a", "b");
    assertThat(page.truncated()).isTrue();
    assertThat(Markers.decode("L", page.nextMarker())).isEqualTo("b");
  }

  @Test
  void page_withRowsUpToLimit_isTheLastPage() {
    Page<String> page = Markers.page("L", List.of("a", "b"), 2, s -> s);

    assertThat(page.truncated()).isFalse();
    assertThat(page.nextMarker()).isNull();
  }

  @Test
  void decode_markerOfAnotherListingOrGarbage_isInvalidMarker() {
    String keysMarker = Markers.encode("ListKeys", "k");

    assertThatThrownBy(() -> Markers.decode("ListAliases", keysMarker))
        .isInstanceOf(InvalidMarkerException.class);
    assertThatThrownBy(() -> Markers.decode("ListKeys", "%%%"))
        .isInstanceOf(InvalidMarkerException.class);
    assertThatThrownBy(() -> Markers.decode("ListKeys", Markers.encode("ListKeys", "")))
        .isInstanceOf(InvalidMarkerException.class);
  }
}
