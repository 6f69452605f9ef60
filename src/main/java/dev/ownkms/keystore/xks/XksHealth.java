package dev.ownkms.keystore.xks;

import java.util.List;

/**
 * A GetHealthStatus answer (xks.md §1.4), field names as in the spec.
 *
 * @param ekmFleetDetails 1 to 10 entries
 */
public record XksHealth(int xksProxyFleetSize, String xksProxyVendor, String xksProxyModel,
    String ekmVendor, List<Ekm> ekmFleetDetails) {

  public XksHealth {
    ekmFleetDetails = List.copyOf(ekmFleetDetails);
  }

  /** One external key manager; {@code healthStatus} is ACTIVE, DEGRADED or UNAVAILABLE. */
  public record Ekm(String id, String model, String healthStatus) {}

  /** Whether every key manager is {@code UNAVAILABLE}: KMS then treats the proxy as unreachable. */
  public boolean allUnavailable() {
    return ekmFleetDetails.stream().allMatch(e -> e.healthStatus().equals("UNAVAILABLE"));
  }
}
