package dev.ownkms.api;

import java.util.List;

/** The model's {@code ListResourceTagsResponse}. */
public record ListResourceTagsResponse(List<TagEntry> tags, String nextMarker, Boolean truncated) { }
