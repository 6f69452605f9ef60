package dev.ownkms.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {

  @Test
  void now_isRfc1123InGmt() {
    HttpDates dates = new HttpDates(new MutableClock(Instant.parse("2026-11-23T18:30:05.250Z")));
    assertThat(dates.now()).isEqualTo("Mon, 23 Nov 2026 18:30:05 GMT");
  }

  @Test
  void now_followsTheClockAcrossSecondsAndBack() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T18:30:05.999Z"));
    HttpDates dates = new HttpDates(clock);
    assertThat(dates.now()).isEqualTo("Mon, 23 Nov 2026 18:30:05 GMT");
    clock.advance(Duration.ofMillis(1));
    assertThat(dates.now()).isEqualTo("Mon, 23 Nov 2026 18:30:06 GMT");
    clock.advance(Duration.ofDays(1));
    assertThat(dates.now()).isEqualTo("Tue, 24 Nov 2026 18:30:06 GMT");
    clock.advance(Duration.ofDays(-2));
    assertThat(dates.now()).isEqualTo("Sun, 22 Nov 2026 18:30:06 GMT");
  }
}
