package dev.ownkms.api;

import java.util.List;

/** The model's {@code TagResourceRequest} (kms-contract.md §2.24). */
public record TagResourceRequest(String keyId, List<TagEntry> tags) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    if (v.required("tags", tags)) {
      Members.tags(v, tags);
    }
  }
}
