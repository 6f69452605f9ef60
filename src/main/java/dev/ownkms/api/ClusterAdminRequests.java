package dev.ownkms.api;

import java.util.List;
import java.util.Map;

/** The admin API's requests for {@code ownkms cluster …}; members are checked by the service. */
public final class ClusterAdminRequests {

  private ClusterAdminRequests() { }

  /** Creates a SoftHSM cluster, or restores one from another's backup. */
  public record Create(Integer hsms, List<String> availabilityZones, String fromBackup)
      implements KmsRequest {
    @Override
    public void validate(Violations v) { }
  }

  /** Registers a vendor's PKCS#11 token as a cluster. */
  public record Register(String library, String tokenLabel, Map<String, String> environment,
      Integer hsms, List<String> availabilityZones, String trustAnchorCertificate)
      implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("library", library);
      v.required("tokenLabel", tokenLabel);
    }
  }

  /** Names one cluster. */
  public record ClusterId(String clusterId) implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("clusterId", clusterId);
    }
  }

  /** No members. */
  public record None() implements KmsRequest {
    @Override
    public void validate(Violations v) { }
  }

  /** Changes what CloudHSM would report about a cluster. */
  public record SetState(String clusterId, String state, Integer hsms,
      List<String> availabilityZones) implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("clusterId", clusterId);
    }
  }

  /** Sets the kmsuser password (a random one when none is given). */
  public record SetKmsuserPassword(String clusterId, String password) implements KmsRequest {
    @Override
    public void validate(Violations v) {
      v.required("clusterId", clusterId);
      v.sensitiveLength("password", password, 7, 32);
    }

    @Override
    public String toString() {
      return "SetKmsuserPassword[" + clusterId + "]";
    }
  }
}
