package dev.ownkms.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.VpcEndpointService;
import dev.ownkms.domain.VpcEndpointServices;
import dev.ownkms.error.KmsException.AlreadyExistsException;
import dev.ownkms.error.KmsException.NotFoundException;
import dev.ownkms.error.KmsException.ValidationException;
import dev.ownkms.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VPC endpoint services in a real SQLite database, through the domain service that checks them. */
class VpcEndpointServiceRowsTest {

  private static final String NAME = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123Z");

  @TempDir
  Path dir;

  private Database database;
  private JdbcKmsStore store;
  private VpcEndpointServices services;

  @BeforeEach
  void open() {
    database = Database.openSqlite(dir.resolve("test.db"));
    store = new JdbcKmsStore(database);
    services = new VpcEndpointServices(store, new MutableClock(NOW));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void created_isFoundWithEveryColumnAsWritten() {
    services.create(spec(NAME, "444455556666", "XKS.example.com", 1, true, false));

    VpcEndpointService found = store.read(r -> r.findVpcEndpointService(NAME)).orElseThrow();

    assertThat(found).isEqualTo(new VpcEndpointService(NAME, "444455556666", "us-east-1",
        "XKS.example.com", false, true, 1, NOW));
    assertThat(services.find(NAME)).isEqualTo(found);
  }

  @Test
  void listed_byName_andDeletedOnesAreGone() {
    String second = "com.amazonaws.vpce.eu-west-1.vpce-svc-1";
    services.create(spec(NAME, "111122223333", "xks.example.com", 2, false, true));
    services.create(spec(second, "111122223333", "localhost", 2, false, true));

    assertThat(services.list()).extracting(VpcEndpointService::serviceName)
        .containsExactly(second, NAME);
    services.delete(NAME);
    java.util.Optional<VpcEndpointService> gone = store.read(r -> r.findVpcEndpointService(NAME));
    assertThat(gone).isEmpty();
    assertThat(services.list()).extracting(VpcEndpointService::serviceName)
        .containsExactly(second);
  }

  @Test
  void aSecondServiceOfTheSameName_isRefusedAndTheFirstKept() {
    services.create(spec(NAME, "111122223333", "xks.example.com", 2, false, true));

    assertThatThrownBy(() -> services.create(
        spec(NAME, "444455556666", "other.example.com", 3, false, true)))
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(NAME);
    assertThat(services.find(NAME).privateDnsName()).isEqualTo("xks.example.com");
  }

  @Test
  void unknownName_isNotFoundForDescribeAndDelete() {
    assertThatThrownBy(() -> services.find(NAME)).isInstanceOf(NotFoundException.class)
        .hasMessage("No VPC endpoint service is named " + NAME + ".");
    assertThatThrownBy(() -> services.delete(NAME)).isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a..b", ".example.com", "example.com.", "-x.example.com",
      "x_y.example.com", "https://xks.example.com"})
  void aPrivateDnsNameThatIsNoHostName_isRefused(String host) {
    assertThatThrownBy(() -> services.create(spec(NAME, "111122223333", host, 2, false, true)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("private DNS name");
    assertThat(services.list()).isEmpty();
  }

  @Test
  void longestHostName_isAccepted_oneMore_isNot() {
    String label = "a".repeat(63);
    String longest = String.join(".", label, label, label, "b".repeat(61));
    assertThat(longest).hasSize(253);

    services.create(spec(NAME, "111122223333", longest, 2, false, true));
    assertThatThrownBy(() -> services.create(spec("com.amazonaws.vpce.us-east-1.vpce-svc-2",
        "111122223333", longest + "c", 2, false, true)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void badOwnerOrZones_areRefused() {
    assertThatThrownBy(() -> services.create(spec(NAME, "12345", "xks.example.com", 2, false,
        true))).isInstanceOf(ValidationException.class).hasMessageContaining("12-digit");
    assertThatThrownBy(() -> services.create(spec(NAME, "111122223333", "xks.example.com", -1,
        false, true))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("Availability Zones");
    assertThat(services.list()).isEmpty();
  }

  private static VpcEndpointServices.Spec spec(String name, String owner, String host, int zones,
      boolean acceptance, boolean verified) {
    return new VpcEndpointServices.Spec(name, owner, host, zones, acceptance, verified);
  }
}
