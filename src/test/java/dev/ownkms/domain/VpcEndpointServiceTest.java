package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.error.KmsException.ValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What KMS asks of a VPC endpoint service, and which names are service names. */
class VpcEndpointServiceTest {

  private static final String NAME = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";

  @Test
  void verifiedDnsNoAcceptanceTwoZones_breaksNothing() {
    assertThat(service(true, false, 2).requirementsBroken()).isEmpty();
    assertThat(service(true, false, 3).requirementsBroken()).isEmpty();
  }

  @Test
  void eachBrokenRequirement_isOneReason() {
    assertThat(service(false, false, 2).requirementsBroken())
        .containsExactly("The private DNS name xks.example.com is not verified.");
    assertThat(service(true, true, 2).requirementsBroken())
        .containsExactly("The service requires acceptance of endpoint connections.");
    assertThat(service(true, false, 1).requirementsBroken())
        .containsExactly("The service spans 1 Availability Zone; KMS needs at least 2.");
    assertThat(service(false, true, 0).requirementsBroken()).hasSize(3);
  }

  @Test
  void servesHost_comparesThePrivateDnsNameIgnoringCase() {
    assertThat(service(true, false, 2).servesHost("XKS.example.com")).isTrue();
    assertThat(service(true, false, 2).servesHost("other.example.com")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 | us-east-1
      eu.amazonaws.vpce.eu-west-2.vpce-svc-1                  | eu-west-2
      com.amazonaws.vpce.us-gov-west-1.vpce-svc-abc           | us-gov-west-1
      """)
  void regionOf_isTheRegionInTheName(String name, String region) {
    assertThat(VpcEndpointServices.regionOf(name)).isEqualTo(region);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "vpce-svc-0123456789abcdef0",
      "org.amazonaws.vpce.us-east-1.vpce-svc-0123",
      "com.amazonaws.vpce.useast1.vpce-svc-0123",
      "com.amazonaws.vpce.us-east-1.vpce-svc-ABC",
      "com.amazonaws.vpce.us-east-1.vpce-svc-",
      "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0123456789abcdef",
      "com.amazonaws.vpce.a-b-c-d-1.vpce-svc-0"})
  void regionOf_refusesWhatIsNotAServiceName(String name) {
    assertThatThrownBy(() -> VpcEndpointServices.regionOf(name))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("VPC endpoint service name");
  }

  @Test
  void regionOf_refusesNull() {
    assertThatThrownBy(() -> VpcEndpointServices.regionOf(null))
        .isInstanceOf(ValidationException.class);
  }

  private static VpcEndpointService service(boolean verified, boolean acceptance, int zones) {
    return new VpcEndpointService(NAME, "111122223333", "us-east-1", "xks.example.com", verified,
        acceptance, zones, Instant.EPOCH);
  }
}
