package dev.ownkms.e2e;

import static dev.ownkms.testing.KmsErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;

/** Key rotation: every earlier backing key keeps decrypting, across restarts too. */
class RotationTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  private final KmsClient kms() {
    return server.client();
  }

  @Test
  void enableAndDisableRotation_showInTheStatus() {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();

    GetKeyRotationStatusResponse off = kms().getKeyRotationStatus(r -> r.keyId(key.keyId()));
    kms().enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
    GetKeyRotationStatusResponse on = kms().getKeyRotationStatus(r -> r.keyId(key.arn()));
    kms().disableKeyRotation(r -> r.keyId(key.keyId()));

    assertThat(off.keyRotationEnabled()).isFalse();
    assertThat(on.keyRotationEnabled()).isTrue();
    assertThat(on.keyId()).isEqualTo(key.arn());
    assertThat(on.rotationPeriodInDays()).isEqualTo(90);
    assertThat(on.nextRotationDate()).isAfter(server.clock().instant().plus(Duration.ofDays(89)));
    assertThat(kms().getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isFalse();
  }

  @Test
  void enableKeyRotation_periodOutsideTheModelRange_isValidationError() {
    String keyId = kms().createKey(r -> { }).keyMetadata().keyId();

    expectError(() -> kms().enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(89)),
        "ValidationException", "1 validation error detected: Value '89' at 'rotationPeriodInDays'"
            + " failed to satisfy constraint: Member must have value greater than or equal to 90");
  }

  @Test
  void rotations_keepEveryEarlierCiphertextReadable_acrossARestart() throws Exception {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();
    List<SdkBytes> blobs = new ArrayList<>();
    List<String> materials = new ArrayList<>(List.of(key.currentKeyMaterialId()));
    for (int i = 0; i < 3; i++) {
      int n = i;
      blobs.add(kms().encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("m" + n)))
          .ciphertextBlob());
      assertThat(kms().rotateKeyOnDemand(r -> r.keyId(key.keyId())).keyId()).isEqualTo(key.keyId());
      materials.add(kms().describeKey(r -> r.keyId(key.keyId())).keyMetadata()
          .currentKeyMaterialId());
    }
    assertThat(materials).doesNotHaveDuplicates();

    server.restart();

    for (int i = 0; i < blobs.size(); i++) {
      SdkBytes blob = blobs.get(i);
      var decrypted = kms().decrypt(r -> r.ciphertextBlob(blob));
      assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("m" + i);
      assertThat(decrypted.keyMaterialId()).isEqualTo(materials.get(i));
    }
    var fresh = kms().encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("new")));
    assertThat(kms().decrypt(r -> r.ciphertextBlob(fresh.ciphertextBlob())).keyMaterialId())
        .isEqualTo(materials.getLast());
  }

  @Test
  void listKeyRotations_listsOnDemandRotationsOldestFirst() {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();
    kms().rotateKeyOnDemand(r -> r.keyId(key.keyId()));
    kms().rotateKeyOnDemand(r -> r.keyId(key.keyId()));

    ListKeyRotationsResponse rotations = kms().listKeyRotations(r -> r.keyId(key.keyId()));
    ListKeyRotationsResponse all = kms().listKeyRotations(r -> r.keyId(key.keyId())
        .includeKeyMaterial("ALL_KEY_MATERIAL").limit(2));

    assertThat(rotations.rotations()).extracting(RotationsListEntry::rotationTypeAsString)
        .containsExactly("ON_DEMAND", "ON_DEMAND");
    assertThat(rotations.rotations()).allSatisfy(e -> {
      assertThat(e.keyId()).isEqualTo(key.keyId());
      assertThat(e.rotationDate()).isNotNull();
    });
    assertThat(rotations.truncated()).isFalse();
    assertThat(all.rotations().getFirst().keyMaterialId()).isEqualTo(key.currentKeyMaterialId());
    assertThat(all.truncated()).isTrue();
    var rest = kms().listKeyRotations(r -> r.keyId(key.keyId())
        .includeKeyMaterial("ALL_KEY_MATERIAL").marker(all.nextMarker()));
    assertThat(rest.rotations()).hasSize(1);
    assertThat(rest.rotations().getFirst().keyMaterialStateAsString()).isEqualTo("CURRENT");
  }

  @Test
  void automaticRotation_happensWhenThePeriodEnds() {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();
    kms().enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));

    server.clock().advance(Duration.ofDays(91));
    server.assembly().rotations().rotateDue();

    var rotations = kms().listKeyRotations(r -> r.keyId(key.keyId())).rotations();
    assertThat(rotations).extracting(RotationsListEntry::rotationTypeAsString)
        .containsExactly("AUTOMATIC");
    assertThat(kms().getKeyRotationStatus(r -> r.keyId(key.keyId())).nextRotationDate())
        .isAfter(server.clock().instant().plus(Duration.ofDays(89)));
  }

  @Test
  void concurrentRotations_allLandAndEveryMaterialInUseIsSaved() throws Exception {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> rotations = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        rotations.add(pool.submit(() -> kms().rotateKeyOnDemand(r -> r.keyId(key.keyId()))));
      }
      for (var rotation : rotations) {
        rotation.get();
      }
    }
    var encrypted = kms().encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x")));
    String inUse = kms().decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())).keyMaterialId();

    var saved = kms().listKeyRotations(r -> r.keyId(key.keyId()).includeKeyMaterial("ALL_KEY_MATERIAL"))
        .rotations();
    assertThat(saved).hasSize(5);
    assertThat(saved.getLast().keyMaterialId()).isEqualTo(inUse);
    server.restart();
    assertThat(kms().decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())).plaintext()
        .asUtf8String()).isEqualTo("x");
  }

  @Test
  void rotateKeyOnDemand_disabledKey_isDisabled() {
    KeyMetadata key = kms().createKey(r -> { }).keyMetadata();
    kms().disableKey(r -> r.keyId(key.keyId()));

    expectError(() -> kms().rotateKeyOnDemand(r -> r.keyId(key.keyId())), "DisabledException",
        key.arn() + " is disabled.");
  }
}
