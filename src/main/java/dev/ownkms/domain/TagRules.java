package dev.ownkms.domain;

import dev.ownkms.error.KmsException.TagException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The tagging rules AWS applies beyond the schema (kms-contract.md §2.24, recorded texts). */
final class TagRules {

  static final int MAX_TAGS_PER_KEY = 50;

  private TagRules() { }

  /** Checks a request's tags on their own: no duplicates, no reserved prefix. */
  static void checkRequest(List<Tag> tags) {
    Set<String> seen = new HashSet<>();
    for (Tag tag : tags) {
      if (!seen.add(tag.key())) {
        throw new TagException("Duplicate tag keys");
      }
    }
    for (Tag tag : tags) {
      checkNotReserved(tag.key());
    }
  }

  static void checkNotReserved(String tagKey) {
    if (tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      throw new TagException("Tags beginning with aws: are reserved");
    }
  }

  static void checkCount(int tagsOnKey) {
    if (tagsOnKey > MAX_TAGS_PER_KEY) {
      throw new TagException("Too many tags");
    }
  }
}
