package dev.ownkms.domain;

import java.time.Instant;

/** An alias: a friendly name ({@code alias/...}) pointing at one key of the same account and Region. */
public record Alias(
    Caller owner, String aliasName, String targetKeyId, Instant creationDate,
    Instant lastUpdatedDate) {

  public String arn() {
    return owner.aliasArn(aliasName);
  }

  public Alias retarget(String newTargetKeyId, Instant now) {
    return new Alias(owner, aliasName, newTargetKeyId, creationDate, now);
  }
}
