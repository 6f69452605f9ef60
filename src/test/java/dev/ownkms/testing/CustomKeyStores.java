package dev.ownkms.testing;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** Connecting a custom key store and reading it back, as the SDK client does. */
public final class CustomKeyStores {

  private CustomKeyStores() {}

  /** ConnectCustomKeyStore, then polls until the store leaves CONNECTING; it must be CONNECTED. */
  public static void connect(KmsClient kms, String storeId) throws InterruptedException {
    kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
    for (int i = 0; i < 200; i++) {
      CustomKeyStoresListEntry entry = describe(kms, storeId);
      if (entry.connectionState() != ConnectionStateType.CONNECTING) {
        assertThat(entry.connectionState()).as(String.valueOf(entry.connectionErrorCode()))
            .isEqualTo(ConnectionStateType.CONNECTED);
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("store " + storeId + " still CONNECTING");
  }

  public static CustomKeyStoresListEntry describe(KmsClient kms, String storeId) {
    return kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores()
        .getFirst();
  }
}
