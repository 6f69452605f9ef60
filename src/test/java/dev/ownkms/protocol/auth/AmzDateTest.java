package dev.ownkms.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-read X-Amz-Date and Region shapes: the same answers as the patterns they replace. */
class AmzDateTest {

  @Test
  void readsTheBasicIsoForm() {
    assertThat(AmzDate.parse("20261124T001132Z")).isEqualTo(Instant.parse("2026-11-24T00:11:32Z"));
    assertThat(AmzDate.parse("20240229T235959Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "20261124T001132", "20261124 001132Z", "2026112T0011320Z",
      "20261324T001132Z", "20230229T000000Z", "20261124T241132Z", "2026-11-24T00:11Z",
      "2026112４T001132Z", "20261124t001132z"})
  void anythingElseIsNull(String text) {
    assertThat(AmzDate.parse(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-10"})
  void regions(String region) {
    assertThat(RequestAuthenticator.isRegion(region)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "us", "us-east", "us-east-", "-east-1", "usa-east-1", "us--1",
      "US-east-1", "us-east-1a", "us-east1", "us-east-1-"})
  void notRegions(String region) {
    assertThat(RequestAuthenticator.isRegion(region)).isFalse();
  }
}
