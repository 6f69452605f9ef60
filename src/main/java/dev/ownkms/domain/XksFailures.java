package dev.ownkms.domain;

import dev.ownkms.error.KmsException;
import dev.ownkms.error.KmsException.CustomKeyStoreInvalidStateException;
import dev.ownkms.error.KmsException.KMSInvalidStateException;
import dev.ownkms.error.KmsException.XksKeyInvalidConfigurationException;
import dev.ownkms.error.KmsException.XksKeyNotFoundException;
import dev.ownkms.error.KmsException.XksProxyIncorrectAuthenticationCredentialException;
import dev.ownkms.error.KmsException.XksProxyInvalidConfigurationException;
import dev.ownkms.error.KmsException.XksProxyInvalidResponseException;
import dev.ownkms.error.KmsException.XksProxyUriUnreachableException;
import dev.ownkms.keystore.xks.XksOutcome;

/**
 * What a caller of KMS sees when a proxy call fails: the table of xks.md §2.6 (exception by
 * context, message by outcome) and, for Connect, the ConnectionErrorCode of §2.7.
 *
 * <p>Where the SPEC and the Developer Guide disagree, OwnKMS follows the Developer Guide: a TLS
 * failure in Create/Update is {@code XksProxyInvalidConfigurationException} and AccessDenied at
 * CreateKey is {@code CustomKeyStoreInvalidStateException}. UnsupportedOperation at CreateKey is
 * {@code XksKeyInvalidConfigurationException}: the SPEC's "XksKeyInvalidResponseException" is not
 * in the API model, so no SDK could name it.
 */
public final class XksFailures {

  /** Which KMS operation met the failure: the exception type depends on it. */
  public enum Context { MANAGEMENT, CREATE_KEY, CRYPTO }

  static final String INVALID_RESPONSE = "AWS KMS cannot interpret the response from the external"
      + " key store proxy. If you see this error repeatedly, report it to your external key store"
      + " proxy administrator.";
  static final String KEY_NOT_ENABLED = "The external key associated with this KMS key in an"
      + " external key store is not enabled in the external key manager. Enable the external key"
      + " in the external key manager and retry the request.";
  static final String PROXY_REJECTED_CIPHERTEXT = "The external key store proxy rejected the"
      + " request because the specified ciphertext or encryption context is corrupted, missing,"
      + " or otherwise invalid.";
  public static final String BAD_CIPHERTEXT_FROM_PROXY = "The ciphertext that the external key"
      + " store proxy submitted for decryption, or the encryption context, is corrupted, missing,"
      + " or otherwise invalid.";
  static final String KEY_USAGE = "The external key associated with this KMS key in an external"
      + " key store does not support the requested operation. Enable the operation on the key in"
      + " your external key manager, and try the request again.";
  static final String AUTHENTICATION = "The external key store proxy rejected the request because"
      + " it could not authenticate AWS KMS. Verify the XKS proxy authentication credentials for"
      + " your external key store and update if necessary.";
  static final String ACCESS_DENIED = "The external key store proxy denied access to the"
      + " operation. Verify that the user and the external key are both authorized for this"
      + " operation, and try the request again.";
  static final String KEY_NOT_FOUND = "The external key associated with this KMS key in an"
      + " external key store was not found in its external key manager. If the external key ID"
      + " associated with this KMS key is incorrect, create a new KMS key with the correct"
      + " external key ID.";
  /** CreateKey's text for a missing external key (kms-contract.md §2.7). */
  static final String CREATE_KEY_NOT_FOUND = "The external key store proxy rejected the request"
      + " because it could not find the external key.";
  static final String URI_PATH = "The external key store proxy rejected the request because of an"
      + " invalid URI path. Verify the URI path for your external key store and update if"
      + " necessary.";
  static final String UNSUPPORTED = "The external key store proxy rejected the request because it"
      + " does not support the requested operation. If you see this error repeatedly, report it"
      + " to your external key store proxy administrator.";
  static final String DEPENDENCY_TIMEOUT = "The external key store proxy did not respond to the"
      + " request in the time allotted. Retry the request. If you see this error repeatedly,"
      + " report it to your external key store proxy administrator.";
  static final String THROTTLING = "The external key store proxy rejected the request due to a"
      + " very high request rate. Reduce the frequency of your calls using KMS keys in this"
      + " external key store.";
  static final String INTERNAL = "The external key store proxy rejected the request because it"
      + " cannot communicate with the external key manager. Verify that the external key store"
      + " proxy configuration is correct and that the external key manager is available.";
  static final String NO_TCP = "AWS KMS cannot communicate with the external key store proxy."
      + " This might be a transient network issue. If you see this error repeatedly, verify that"
      + " your external key store proxy is active and is connected to the network, and that its"
      + " endpoint URI is correct in your external keystore.";
  static final String NO_TLS = "AWS KMS cannot establish a TLS connection to the external key"
      + " store proxy. Verify the TLS configuration, including its certificate.";
  static final String TIMED_OUT = "AWS KMS rejected the request because the external key store"
      + " proxy did not respond in time. Retry the request. If you see this error repeatedly,"
      + " report it to your external key store proxy administrator.";
  public static final String UNHEALTHY = "The external key store proxy is in an unhealthy state."
      + " If you see this message repeatedly, notify your external key store proxy administrator.";
  public static final String NOT_CONNECTED = "This KMS key is in a custom key store that is not"
      + " connected to its external key store proxy. Connect the external key store and try the"
      + " request again.";

  private XksFailures() {}

  /** The exception a KMS caller gets for a failed proxy call in {@code context}. */
  public static KmsException of(XksOutcome outcome, Context context) {
    String message = message(outcome, context);
    return switch (context) {
      case CRYPTO -> new KMSInvalidStateException(message);
      case CREATE_KEY -> switch (outcome) {
        case KEY_NOT_FOUND -> new XksKeyNotFoundException(message);
        case INVALID_STATE, INVALID_KEY_USAGE, UNSUPPORTED_OPERATION ->
            new XksKeyInvalidConfigurationException(message);
        default -> new CustomKeyStoreInvalidStateException(message);
      };
      case MANAGEMENT -> switch (outcome) {
        case AUTHENTICATION_FAILED -> new XksProxyIncorrectAuthenticationCredentialException(message);
        case INVALID_URI_PATH, TLS_FAILED, ACCESS_DENIED ->
            new XksProxyInvalidConfigurationException(message);
        case NOT_REACHABLE, TIMED_OUT, DEPENDENCY_TIMEOUT, THROTTLING ->
            new XksProxyUriUnreachableException(message);
        default -> new XksProxyInvalidResponseException(message);
      };
    };
  }

  /** ConnectionErrorCode for a failed health check at Connect (xks.md §2.7). */
  public static ConnectionErrorCode connectionError(XksOutcome outcome) {
    return switch (outcome) {
      case AUTHENTICATION_FAILED -> ConnectionErrorCode.INVALID_CREDENTIALS;
      case ACCESS_DENIED -> ConnectionErrorCode.XKS_PROXY_ACCESS_DENIED;
      case INVALID_URI_PATH -> ConnectionErrorCode.XKS_PROXY_INVALID_CONFIGURATION;
      case TLS_FAILED -> ConnectionErrorCode.XKS_PROXY_INVALID_TLS_CONFIGURATION;
      case NOT_REACHABLE, THROTTLING -> ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE;
      case TIMED_OUT, DEPENDENCY_TIMEOUT -> ConnectionErrorCode.XKS_PROXY_TIMED_OUT;
      default -> ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE;
    };
  }

  private static String message(XksOutcome outcome, Context context) {
    return switch (outcome) {
      case VALIDATION, MALFORMED_RESPONSE -> INVALID_RESPONSE;
      case INVALID_STATE -> KEY_NOT_ENABLED;
      case INVALID_CIPHERTEXT -> PROXY_REJECTED_CIPHERTEXT;
      case INVALID_KEY_USAGE -> KEY_USAGE;
      case AUTHENTICATION_FAILED -> AUTHENTICATION;
      case ACCESS_DENIED -> ACCESS_DENIED;
      case KEY_NOT_FOUND -> context == Context.CREATE_KEY ? CREATE_KEY_NOT_FOUND : KEY_NOT_FOUND;
      case INVALID_URI_PATH -> URI_PATH;
      case UNSUPPORTED_OPERATION -> UNSUPPORTED;
      case DEPENDENCY_TIMEOUT -> DEPENDENCY_TIMEOUT;
      case THROTTLING -> THROTTLING;
      case INTERNAL -> INTERNAL;
      case NOT_REACHABLE -> NO_TCP;
      case TLS_FAILED -> NO_TLS;
      case TIMED_OUT -> TIMED_OUT;
    };
  }
}
