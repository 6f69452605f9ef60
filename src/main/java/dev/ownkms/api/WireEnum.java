package dev.ownkms.api;

import java.util.List;
import java.util.Set;

/**
 * The values a model enum member accepts, and how AWS lists them in its validation message.
 * The two can differ: AWS's recorded lists come in a server-specific order and lag behind the
 * model (kms-errors.md §4), so a recorded listing is copied verbatim while the accepted set
 * follows the model.
 */
public record WireEnum(Set<String> accepted, String listing) {

  /** An enum whose message lists the model's values in model order. */
  public static WireEnum of(List<String> modelValues) {
    return new WireEnum(Set.copyOf(modelValues), "[" + String.join(", ", modelValues) + "]");
  }

  /** An enum whose message is a recorded AWS listing. */
  public static WireEnum recorded(List<String> modelValues, List<String> recordedListing) {
    return new WireEnum(Set.copyOf(modelValues), "[" + String.join(", ", recordedListing) + "]");
  }

  public boolean contains(String value) {
    return accepted.contains(value);
  }
}
