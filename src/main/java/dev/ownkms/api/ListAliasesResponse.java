package dev.ownkms.api;

import java.math.BigDecimal;
import java.util.List;

/** The model's {@code ListAliasesResponse}. */
public record ListAliasesResponse(List<Entry> aliases, String nextMarker, Boolean truncated) {

  /** The model's {@code AliasListEntry}; AliasArn holds the alias ARN (kms-contract.md §3). */
  public record Entry(
      String aliasName, String aliasArn, String targetKeyId, BigDecimal creationDate,
      BigDecimal lastUpdatedDate) { }
}
