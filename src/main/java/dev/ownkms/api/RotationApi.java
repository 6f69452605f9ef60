package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.KmsKey;
import dev.ownkms.domain.MaterialState;
import dev.ownkms.domain.RotationService;
import dev.ownkms.domain.RotationService.Rotations;
import java.util.List;

/** EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations. */
public final class RotationApi {

  private static final int DEFAULT_PERIOD_DAYS = 365;

  private final RotationService rotations;

  public RotationApi(RotationService rotations) {
    this.rotations = rotations;
  }

  public NoOutput enableKeyRotation(Caller caller, EnableKeyRotationRequest request) {
    int days = request.rotationPeriodInDays() == null
        ? DEFAULT_PERIOD_DAYS : request.rotationPeriodInDays();
    rotations.enable(caller, request.keyId(), days);
    return NoOutput.INSTANCE;
  }

  public NoOutput disableKeyRotation(Caller caller, KeyIdRequest request) {
    rotations.disable(caller, request.keyId());
    return NoOutput.INSTANCE;
  }

  public GetKeyRotationStatusResponse getKeyRotationStatus(Caller caller, KeyIdRequest request) {
    KmsKey key = rotations.status(caller, request.keyId());
    MaterialState material = key.material();
    return new GetKeyRotationStatusResponse(material.rotationEnabled(), key.arn(),
        material.rotationPeriodDays(), Timestamps.epochSeconds(material.nextRotationDate()),
        null);
  }

  public RotateKeyOnDemandResponse rotateKeyOnDemand(Caller caller, KeyIdRequest request) {
    return new RotateKeyOnDemandResponse(rotations.rotateOnDemand(caller, request.keyId()).keyId());
  }

  /** Rotations oldest first; ROTATIONS_ONLY (the default) leaves out the first material. */
  public ListKeyRotationsResponse listKeyRotations(Caller caller, ListKeyRotationsRequest request) {
    Rotations rotations = this.rotations.list(caller, request.keyId(),
        "ALL_KEY_MATERIAL".equals(request.includeKeyMaterial()), request.marker(),
        Members.pageSize(request.limit(), 100, 1000));
    int current = rotations.key().material().currentVersion();
    List<ListKeyRotationsResponse.Entry> entries = rotations.page().items().stream()
        .map(m -> new ListKeyRotationsResponse.Entry(m.keyId(), m.keyMaterialId(),
            m.version() == current ? "CURRENT" : "NON_CURRENT",
            m.rotationType() == null ? null : Timestamps.epochSeconds(m.created()),
            m.rotationType()))
        .toList();
    return new ListKeyRotationsResponse(entries, rotations.page().nextMarker(),
        rotations.page().truncated());
  }
}
