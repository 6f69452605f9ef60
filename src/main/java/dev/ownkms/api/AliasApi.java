package dev.ownkms.api;

import dev.ownkms.domain.Alias;
import dev.ownkms.domain.AliasService;
import dev.ownkms.domain.Caller;
import dev.ownkms.domain.Page;

/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases (kms-contract.md §2.20–2.23). */
public final class AliasApi {

  private final AliasService aliases;

  public AliasApi(AliasService aliases) {
    this.aliases = aliases;
  }

  public NoOutput createAlias(Caller caller, AliasTargetRequest request) {
    aliases.create(caller, request.aliasName(), request.targetKeyId());
    return NoOutput.INSTANCE;
  }

  public NoOutput updateAlias(Caller caller, AliasTargetRequest request) {
    aliases.update(caller, request.aliasName(), request.targetKeyId());
    return NoOutput.INSTANCE;
  }

  public NoOutput deleteAlias(Caller caller, AliasNameRequest request) {
    aliases.delete(caller, request.aliasName());
    return NoOutput.INSTANCE;
  }

  /** Documented page size 1..100, default 50; the model allows Limit up to 1000. */
  public ListAliasesResponse listAliases(Caller caller, ListAliasesRequest request) {
    Page<Alias> page = aliases.list(caller, request.keyId(), request.marker(),
        Members.pageSize(request.limit(), 50, 100));
    return new ListAliasesResponse(
        page.items().stream().map(AliasApi::entry).toList(), page.nextMarker(), page.truncated());
  }

  private static ListAliasesResponse.Entry entry(Alias alias) {
    return new ListAliasesResponse.Entry(alias.aliasName(), alias.arn(), alias.targetKeyId(),
        Timestamps.epochSeconds(alias.creationDate()),
        Timestamps.epochSeconds(alias.lastUpdatedDate()));
  }
}
