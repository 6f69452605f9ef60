package dev.ownkms.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownkms.domain.XksFailures.Context;
import dev.ownkms.error.KmsException;
import dev.ownkms.keystore.xks.XksOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The proxy-outcome table of xks.md §2.6 and the Connect codes of §2.7, row by row. */
class XksFailuresTest {

  @ParameterizedTest
  @CsvSource({
      "VALIDATION, XksProxyInvalidResponseException, CustomKeyStoreInvalidStateException",
      "MALFORMED_RESPONSE, XksProxyInvalidResponseException, CustomKeyStoreInvalidStateException",
      "INVALID_STATE, XksProxyInvalidResponseException, XksKeyInvalidConfigurationException",
      "INVALID_CIPHERTEXT, XksProxyInvalidResponseException, CustomKeyStoreInvalidStateException",
      "INVALID_KEY_USAGE, XksProxyInvalidResponseException, XksKeyInvalidConfigurationException",
      "AUTHENTICATION_FAILED, XksProxyIncorrectAuthenticationCredentialException,"
          + " CustomKeyStoreInvalidStateException",
      "ACCESS_DENIED, XksProxyInvalidConfigurationException, CustomKeyStoreInvalidStateException",
      "KEY_NOT_FOUND, XksProxyInvalidResponseException, XksKeyNotFoundException",
      "INVALID_URI_PATH, XksProxyInvalidConfigurationException,"
          + " CustomKeyStoreInvalidStateException",
      "UNSUPPORTED_OPERATION, XksProxyInvalidResponseException,"
          + " XksKeyInvalidConfigurationException",
      "DEPENDENCY_TIMEOUT, XksProxyUriUnreachableException, CustomKeyStoreInvalidStateException",
      "THROTTLING, XksProxyUriUnreachableException, CustomKeyStoreInvalidStateException",
      "INTERNAL, XksProxyInvalidResponseException, CustomKeyStoreInvalidStateException",
      "NOT_REACHABLE, XksProxyUriUnreachableException, CustomKeyStoreInvalidStateException",
      "TLS_FAILED, XksProxyInvalidConfigurationException, CustomKeyStoreInvalidStateException",
      "TIMED_OUT, XksProxyUriUnreachableException, CustomKeyStoreInvalidStateException",
  })
  void exceptionType_byContext(XksOutcome outcome, String management, String createKey) {
    assertThat(XksFailures.of(outcome, Context.MANAGEMENT).type()).isEqualTo(management);
    assertThat(XksFailures.of(outcome, Context.CREATE_KEY).type()).isEqualTo(createKey);
    assertThat(XksFailures.of(outcome, Context.CRYPTO).type()).isEqualTo("KMSInvalidStateException");
  }

  @ParameterizedTest
  @EnumSource(XksOutcome.class)
  void everyFailureIsAClientError_withTheSameTextInEveryContext_butKeyNotFoundAtCreateKey(
      XksOutcome outcome) {
    KmsException crypto = XksFailures.of(outcome, Context.CRYPTO);
    assertThat(crypto.status()).isEqualTo(400);
    assertThat(XksFailures.of(outcome, Context.MANAGEMENT).getMessage())
        .isEqualTo(crypto.getMessage());
    if (outcome != XksOutcome.KEY_NOT_FOUND) {
      assertThat(XksFailures.of(outcome, Context.CREATE_KEY).getMessage())
          .isEqualTo(crypto.getMessage());
    }
  }

  @Test
  void messages_areAwsTexts() {
    assertThat(XksFailures.of(XksOutcome.AUTHENTICATION_FAILED, Context.CRYPTO).getMessage())
        .isEqualTo("The external key store proxy rejected the request because it could not"
            + " authenticate AWS KMS. Verify the XKS proxy authentication credentials for your"
            + " external key store and update if necessary.");
    assertThat(XksFailures.of(XksOutcome.NOT_REACHABLE, Context.MANAGEMENT).getMessage())
        .isEqualTo("AWS KMS cannot communicate with the external key store proxy. This might be"
            + " a transient network issue. If you see this error repeatedly, verify that your"
            + " external key store proxy is active and is connected to the network, and that its"
            + " endpoint URI is correct in your external keystore.");
    assertThat(XksFailures.of(XksOutcome.TIMED_OUT, Context.CRYPTO).getMessage())
        .isEqualTo("AWS KMS rejected the request because the external key store proxy did not"
            + " respond in time. Retry the request. If you see this error repeatedly, report it"
            + " to your external key store proxy administrator.");
    assertThat(XksFailures.of(XksOutcome.TLS_FAILED, Context.MANAGEMENT).getMessage())
        .isEqualTo("AWS KMS cannot establish a TLS connection to the external key store proxy."
            + " Verify the TLS configuration, including its certificate.");
    assertThat(XksFailures.of(XksOutcome.KEY_NOT_FOUND, Context.CREATE_KEY).getMessage())
        .isEqualTo("The external key store proxy rejected the request because it could not find"
            + " the external key.");
    assertThat(XksFailures.of(XksOutcome.KEY_NOT_FOUND, Context.CRYPTO).getMessage())
        .startsWith("The external key associated with this KMS key in an external key store was"
            + " not found in its external key manager.");
    assertThat(XksFailures.of(XksOutcome.INVALID_STATE, Context.CRYPTO).getMessage())
        .isEqualTo("The external key associated with this KMS key in an external key store is"
            + " not enabled in the external key manager. Enable the external key in the external"
            + " key manager and retry the request.");
  }

  @ParameterizedTest
  @CsvSource({
      "AUTHENTICATION_FAILED, INVALID_CREDENTIALS",
      "ACCESS_DENIED, XKS_PROXY_ACCESS_DENIED",
      "INVALID_URI_PATH, XKS_PROXY_INVALID_CONFIGURATION",
      "TLS_FAILED, XKS_PROXY_INVALID_TLS_CONFIGURATION",
      "NOT_REACHABLE, XKS_PROXY_NOT_REACHABLE",
      "THROTTLING, XKS_PROXY_NOT_REACHABLE",
      "TIMED_OUT, XKS_PROXY_TIMED_OUT",
      "DEPENDENCY_TIMEOUT, XKS_PROXY_TIMED_OUT",
      "VALIDATION, XKS_PROXY_INVALID_RESPONSE",
      "MALFORMED_RESPONSE, XKS_PROXY_INVALID_RESPONSE",
      "INTERNAL, XKS_PROXY_INVALID_RESPONSE",
      "INVALID_STATE, XKS_PROXY_INVALID_RESPONSE",
      "UNSUPPORTED_OPERATION, XKS_PROXY_INVALID_RESPONSE",
      "KEY_NOT_FOUND, XKS_PROXY_INVALID_RESPONSE",
  })
  void connectionErrorCode(XksOutcome outcome, ConnectionErrorCode code) {
    assertThat(XksFailures.connectionError(outcome)).isEqualTo(code);
  }
}
