package dev.ownkms.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.domain.Caller;
import org.junit.jupiter.api.Test;

class StoredCallersTest {

  @Test
  void of_returnsOneInstancePerAccountAndRegion() {
    Caller first = StoredCallers.of(new String("111122223333"), new String("us-east-1"));
    Caller second = StoredCallers.of(new String("111122223333"), new String("us-east-1"));
    Caller other = StoredCallers.of("111122223333", "eu-west-1");

    assertThat(second).isSameAs(first).isEqualTo(new Caller("111122223333", "us-east-1"));
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void emptyShared_keepsTextAndNull() {
    assertThat(StoredCallers.emptyShared(new String(""))).isSameAs("");
    assertThat(StoredCallers.emptyShared("a key")).isEqualTo("a key");
    assertThat(StoredCallers.emptyShared(null)).isNull();
  }
}
