package dev.ownkms.api;

import dev.ownkms.domain.Tag;

/** The model's {@code Tag} structure on the wire. */
public record TagEntry(String tagKey, String tagValue) {

  static TagEntry of(Tag tag) {
    return new TagEntry(tag.key(), tag.value());
  }

  Tag toTag() {
    return new Tag(tagKey, tagValue);
  }
}
