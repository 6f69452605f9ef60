package dev.ownkms.error;

/**
 * Every failure a client can see. Each subclass is one AWS {@code __type}; its simple class name is
 * the wire name unless it says otherwise, and it knows its HTTP status. Only {@code protocol/}
 * turns these into responses (kms-errors.md §2).
 *
 * <p>Messages are what the client reads: they never carry secrets, key material or internals.
 */
public abstract sealed class KmsException extends RuntimeException
    permits KmsException.ClientError, KmsException.ServerError {

  private KmsException(String message) {
    super(message, null, false, false);
  }

  /** The {@code __type} on the wire. */
  public String type() {
    return getClass().getSimpleName();
  }

  /** The HTTP status of the response. */
  public abstract int status();

  /** Errors AWS answers with HTTP 400 (kms-errors.md §2.2: every recorded client error is 400). */
  public abstract static sealed class ClientError extends KmsException {
    private ClientError(String message) {
      super(message);
    }

    @Override
    public int status() {
      return 400;
    }
  }

  /** Errors the model marks as server faults; clients retry them. */
  public abstract static sealed class ServerError extends KmsException {
    private final int status;

    private ServerError(String message, int status) {
      super(message);
      this.status = status;
    }

    @Override
    public int status() {
      return status;
    }
  }

  // ---- protocol level (before an operation runs), kms-errors.md §3

  /** Thrown when X-Amz-Target is missing or names no operation. AWS sends no message. */
  public static final class UnknownOperationException extends ClientError {
    public UnknownOperationException() { super(null); }
  }

  /** Thrown when the body is not JSON or a member has the wrong JSON type. */
  public static final class SerializationException extends ClientError {
    public SerializationException(String message) { super(message); }
  }

  /** Thrown when a request carries no SigV4 authentication at all. */
  public static final class MissingAuthenticationTokenException extends ClientError {
    public MissingAuthenticationTokenException() { super("Missing Authentication Token"); }
  }

  /** Thrown when the Authorization header lacks one of its parts. */
  public static final class IncompleteSignatureException extends ClientError {
    public IncompleteSignatureException(String message) { super(message); }
  }

  /** Thrown when the access key id is not known (strict auth). */
  public static final class UnrecognizedClientException extends ClientError {
    public UnrecognizedClientException() {
      super("The security token included in the request is invalid.");
    }
  }

  /** Thrown when a signature does not verify, or its time is outside the allowed skew. */
  public static final class InvalidSignatureException extends ClientError {
    public InvalidSignatureException(String message) { super(message); }
  }

  /** Thrown when a member breaks a model constraint or a documented semantic rule. */
  public static final class ValidationException extends ClientError {
    public ValidationException(String message) { super(message); }
  }

  /** Thrown when the caller may not perform the operation. */
  public static final class AccessDeniedException extends ClientError {
    public AccessDeniedException(String message) { super(message); }
  }

  // ---- modeled KMS errors

  /** Thrown when an alias with the requested name already exists. */
  public static final class AlreadyExistsException extends ClientError {
    public AlreadyExistsException(String message) { super(message); }
  }

  /** Thrown when a key, alias or policy cannot be found, or a key identifier is malformed. */
  public static final class NotFoundException extends ClientError {
    public NotFoundException(String message) { super(message); }
  }

  /** Thrown when an ARN is not valid. */
  public static final class InvalidArnException extends ClientError {
    public InvalidArnException(String message) { super(message); }
  }

  /** Thrown when the key's state does not allow the operation. */
  public static final class KMSInvalidStateException extends ClientError {
    public KMSInvalidStateException(String message) { super(message); }
  }

  /** Thrown when a cryptographic operation names a disabled key. */
  public static final class DisabledException extends ClientError {
    public DisabledException(String message) { super(message); }
  }

  /** Thrown when a ciphertext is malformed, tampered, or does not match its context. No message. */
  public static final class InvalidCiphertextException extends ClientError {
    public InvalidCiphertextException() { super(null); }
  }

  /** Thrown when the KeyId of a request is not the key that made the ciphertext. */
  public static final class IncorrectKeyException extends ClientError {
    public IncorrectKeyException() {
      super("The key ID in the request does not identify a CMK that can perform this operation.");
    }
  }

  /** Thrown when the key's usage or spec does not allow the operation or algorithm. */
  public static final class InvalidKeyUsageException extends ClientError {
    public InvalidKeyUsageException(String message) { super(message); }
  }

  /** Thrown when DryRun is set and the request would have succeeded. */
  public static final class DryRunOperationException extends ClientError {
    public DryRunOperationException() {
      super("The request would have succeeded, but the DryRun option is set.");
    }
  }

  /** Thrown when a pagination marker was not issued by this server for this listing. */
  public static final class InvalidMarkerException extends ClientError {
    public InvalidMarkerException() {
      super("The request was rejected because the marker that specifies where pagination should next"
          + " begin is not valid.");
    }
  }

  /** Thrown when a request would exceed a quota. */
  public static final class LimitExceededException extends ClientError {
    public LimitExceededException(String message) { super(message); }
  }

  /** Thrown when tags break the tagging rules. */
  public static final class TagException extends ClientError {
    public TagException(String message) { super(message); }
  }

  /** Thrown when a key policy is not a valid policy document. */
  public static final class MalformedPolicyDocumentException extends ClientError {
    public MalformedPolicyDocumentException(String message) { super(message); }
  }

  /** Thrown when an alias name is not valid. */
  public static final class InvalidAliasNameException extends ClientError {
    public InvalidAliasNameException(String message) { super(message); }
  }

  /** Thrown when a custom key store id names no store of the caller. */
  public static final class CustomKeyStoreNotFoundException extends ClientError {
    public CustomKeyStoreNotFoundException(String message) { super(message); }
  }

  /** Thrown when the store's connection state does not allow the operation (kms-contract.md §1.2). */
  public static final class CustomKeyStoreInvalidStateException extends ClientError {
    public CustomKeyStoreInvalidStateException(String message) { super(message); }
  }

  /** Thrown when a store to delete still holds KMS keys. */
  public static final class CustomKeyStoreHasCMKsException extends ClientError {
    public CustomKeyStoreHasCMKsException(String message) { super(message); }
  }

  /** Thrown when a store name is taken in the account and Region. */
  public static final class CustomKeyStoreNameInUseException extends ClientError {
    public CustomKeyStoreNameInUseException(String message) { super(message); }
  }

  /** Thrown when a cluster, or one sharing its backup history, already backs a store. */
  public static final class CloudHsmClusterInUseException extends ClientError {
    public CloudHsmClusterInUseException(String message) { super(message); }
  }

  /** Thrown when no cluster has the id. */
  public static final class CloudHsmClusterNotFoundException extends ClientError {
    public CloudHsmClusterNotFoundException(String message) { super(message); }
  }

  /** Thrown when the cluster is not ACTIVE. */
  public static final class CloudHsmClusterNotActiveException extends ClientError {
    public CloudHsmClusterNotActiveException(String message) { super(message); }
  }

  /** Thrown when the cluster lacks what KMS needs (HSMs, subnets in two zones). */
  public static final class CloudHsmClusterInvalidConfigurationException extends ClientError {
    public CloudHsmClusterInvalidConfigurationException(String message) { super(message); }
  }

  /** Thrown when a store would move to a cluster that shares no backup history with its own. */
  public static final class CloudHsmClusterNotRelatedException extends ClientError {
    public CloudHsmClusterNotRelatedException(String message) { super(message); }
  }

  /** Thrown when the trust anchor certificate is not the cluster's. */
  public static final class IncorrectTrustAnchorException extends ClientError {
    public IncorrectTrustAnchorException(String message) { super(message); }
  }

  // ---- external key stores (xks.md §2.3–2.6)

  /** Thrown when another store of the account already uses the same endpoint and path. */
  public static final class XksProxyUriInUseException extends ClientError {
    public XksProxyUriInUseException(String message) { super(message); }
  }

  /** Thrown when a VPC store's endpoint is already used by another store. */
  public static final class XksProxyUriEndpointInUseException extends ClientError {
    public XksProxyUriEndpointInUseException(String message) { super(message); }
  }

  /** Thrown when the proxy cannot be reached, answers too late, or is unhealthy. */
  public static final class XksProxyUriUnreachableException extends ClientError {
    public XksProxyUriUnreachableException(String message) { super(message); }
  }

  /** Thrown when the proxy rejects KMS's SigV4 credential. */
  public static final class XksProxyIncorrectAuthenticationCredentialException
      extends ClientError {
    public XksProxyIncorrectAuthenticationCredentialException(String message) { super(message); }
  }

  /** Thrown when another store already uses the VPC endpoint service. */
  public static final class XksProxyVpcEndpointServiceInUseException extends ClientError {
    public XksProxyVpcEndpointServiceInUseException(String message) { super(message); }
  }

  /** Thrown when the VPC endpoint service does not exist for the caller. */
  public static final class XksProxyVpcEndpointServiceNotFoundException extends ClientError {
    public XksProxyVpcEndpointServiceNotFoundException(String message) { super(message); }
  }

  /** Thrown when the VPC endpoint service breaks one of KMS's requirements. */
  public static final class XksProxyVpcEndpointServiceInvalidConfigurationException
      extends ClientError {
    public XksProxyVpcEndpointServiceInvalidConfigurationException(String message) {
      super(message);
    }
  }

  /** Thrown when the proxy's answer cannot be interpreted. */
  public static final class XksProxyInvalidResponseException extends ClientError {
    public XksProxyInvalidResponseException(String message) { super(message); }
  }

  /** Thrown when the proxy's configuration (URI path, TLS) does not fit the store's. */
  public static final class XksProxyInvalidConfigurationException extends ClientError {
    public XksProxyInvalidConfigurationException(String message) { super(message); }
  }

  /** Thrown when another KMS key of the store already uses the external key. */
  public static final class XksKeyAlreadyInUseException extends ClientError {
    public XksKeyAlreadyInUseException(String message) { super(message); }
  }

  /** Thrown when the external key is not an enabled AES-256 key for ENCRYPT and DECRYPT. */
  public static final class XksKeyInvalidConfigurationException extends ClientError {
    public XksKeyInvalidConfigurationException(String message) { super(message); }
  }

  /** Thrown when the proxy does not know the external key. */
  public static final class XksKeyNotFoundException extends ClientError {
    public XksKeyNotFoundException(String message) { super(message); }
  }

  /**
   * Thrown when a parameter combination or feature is not supported. Named apart from
   * {@link java.lang.UnsupportedOperationException}; the wire name is AWS's.
   */
  public static final class KmsUnsupportedOperationException extends ClientError {
    public KmsUnsupportedOperationException(String message) { super(message); }

    @Override
    public String type() {
      return "UnsupportedOperationException";
    }
  }

  /** Anything unexpected: the client gets a generic text; the cause is logged in full. */
  public static final class KMSInternalException extends ServerError {
    public KMSInternalException() {
      super("The request was rejected because an internal exception occurred. The request can be"
          + " retried.", 500);
    }
  }

  /** Thrown when a dependency (database, token) did not answer in time. */
  public static final class DependencyTimeoutException extends ServerError {
    public DependencyTimeoutException(String message) { super(message, 503); }
  }
}
