package dev.ownkms.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Asserts an AWS error exactly as a client sees it: {@code __type}, message, HTTP status. */
public final class KmsErrors {

  private KmsErrors() { }

  public static KmsException expectError(
      ThrowingCallable call, String type, String message) {
    KmsException e = catchThrowableOfType(KmsException.class, call);
    assertThat(e).as("expected %s", type).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
    if (message != null) {
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.requestId()).isNotBlank();
    return e;
  }
}
