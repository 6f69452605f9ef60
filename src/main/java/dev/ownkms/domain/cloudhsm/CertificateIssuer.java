package dev.ownkms.domain.cloudhsm;

/** Issues a new cluster's trust anchor (customerCA.crt) and the cluster certificate it signs. */
public interface CertificateIssuer {

  /** PEM texts. */
  record Issued(String trustAnchorPem, String clusterCertificatePem) { }

  Issued issue(String clusterId);
}
