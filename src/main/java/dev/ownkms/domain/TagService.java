package dev.ownkms.domain;

import java.util.List;

/** Tags on keys: add or replace, remove, list (kms-contract.md §2.24–2.26). */
public final class TagService {

  private final KmsStore store;

  public TagService(KmsStore store) {
    this.store = store;
  }

  public void tag(Caller caller, String keyId, List<Tag> tags) {
    TagRules.checkRequest(tags);
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    store.write(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      key.requireNotPendingDeletion();
      long added = tags.stream().filter(t -> !r.hasTag(key.keyId(), t.key())).count();
      TagRules.checkCount(r.countTags(key.keyId()) + (int) added);
      tags.forEach(tag -> r.putTag(key.keyId(), tag));
      return null;
    });
  }

  public void untag(Caller caller, String keyId, List<String> tagKeys) {
    tagKeys.forEach(TagRules::checkNotReserved);
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    store.write(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      key.requireNotPendingDeletion();
      tagKeys.forEach(tagKey -> r.removeTag(key.keyId(), tagKey));
      return null;
    });
  }

  public Page<Tag> list(Caller caller, String keyId, String marker, int limit) {
    String after = Markers.decode("ListResourceTags", marker);
    KeyReference reference = KeyReference.keyOnly(caller, keyId);
    List<Tag> rows = store.read(r -> {
      KmsKey key = KeyResolver.resolve(r, reference);
      return r.listTags(key.keyId(), after, limit + 1);
    });
    return Markers.page("ListResourceTags", rows, limit, Tag::key);
  }
}
