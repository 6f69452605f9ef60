package dev.ownkms.api;

import java.util.List;

/** The model's {@code UntagResourceRequest} (kms-contract.md §2.25). */
public record UntagResourceRequest(String keyId, List<String> tagKeys) implements KmsRequest {

  @Override
  public void validate(Violations v) {
    Members.keyId(v, "keyId", keyId);
    if (v.required("tagKeys", tagKeys)) {
      for (int i = 0; i < tagKeys.size(); i++) {
        String path = "tagKeys." + (i + 1) + ".member";
        if (v.required(path, tagKeys.get(i))) {
          v.length(path, tagKeys.get(i), 1, 128);
        }
      }
    }
  }
}
