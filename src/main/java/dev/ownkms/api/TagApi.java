package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.Page;
import dev.ownkms.domain.Tag;
import dev.ownkms.domain.TagService;

/** TagResource, UntagResource, ListResourceTags (kms-contract.md §2.24–2.26). */
public final class TagApi {

  private final TagService tags;

  public TagApi(TagService tags) {
    this.tags = tags;
  }

  public NoOutput tagResource(Caller caller, TagResourceRequest request) {
    tags.tag(caller, request.keyId(), request.tags().stream().map(TagEntry::toTag).toList());
    return NoOutput.INSTANCE;
  }

  public NoOutput untagResource(Caller caller, UntagResourceRequest request) {
    tags.untag(caller, request.keyId(), request.tagKeys());
    return NoOutput.INSTANCE;
  }

  /** Documented page size 1..50, default 50; the model allows Limit up to 1000. */
  public ListResourceTagsResponse listResourceTags(Caller caller, ListResourceTagsRequest request) {
    Page<Tag> page = tags.list(caller, request.keyId(), request.marker(),
        Members.pageSize(request.limit(), 50, 50));
    return new ListResourceTagsResponse(page.items().stream().map(TagEntry::of).toList(),
        page.nextMarker(), page.truncated());
  }
}
