package dev.ownkms.api;

import java.util.List;
import java.util.regex.Pattern;

/** Constraints of the custom key store members, shared by Create and Update (kms-contract.md §2.0–2.3). */
final class StoreMembers {

  static final String CLUSTER_ID_PATTERN = "cluster-[2-7a-zA-Z]{11,16}";
  static final String URI_ENDPOINT_PATTERN = "^https://[a-zA-Z0-9.-]+$";
  static final String URI_PATH_PATTERN =
      "^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$";
  static final String VPC_SERVICE_PATTERN =
      "^(com|eu)\\.amazonaws\\.vpce\\.([a-z]+-){2,3}\\d+\\.vpce-svc-[0-9a-z]+$";
  static final String ACCOUNT_PATTERN = "[0-9]{12}";
  static final String ACCESS_KEY_PATTERN = "^[A-Z2-7]+$";
  static final String SECRET_PATTERN = "^[a-zA-Z0-9\\/+=]+$";

  private static final Pattern CLUSTER_ID = Pattern.compile(CLUSTER_ID_PATTERN);
  /** The model's pattern plus an explicit port: a deliberate deviation (DESIGN.md). */
  private static final Pattern URI_ENDPOINT =
      Pattern.compile("^https://[a-zA-Z0-9.-]+(:[0-9]{1,5})?$");
  private static final Pattern URI_PATH = Pattern.compile(URI_PATH_PATTERN);
  private static final Pattern VPC_SERVICE = Pattern.compile(VPC_SERVICE_PATTERN);
  private static final Pattern ACCOUNT = Pattern.compile(ACCOUNT_PATTERN);
  private static final Pattern ACCESS_KEY = Pattern.compile(ACCESS_KEY_PATTERN);
  private static final Pattern SECRET = Pattern.compile(SECRET_PATTERN);

  static final WireEnum CONNECTIVITY =
      WireEnum.of(List.of("PUBLIC_ENDPOINT", "VPC_ENDPOINT_SERVICE"));

  private StoreMembers() { }

  static void customKeyStoreId(Violations v, String id) {
    v.length("customKeyStoreId", id, 1, 64);
  }

  static void name(Violations v, String path, String name) {
    v.length(path, name, 1, 256);
  }

  static void cloudHsm(Violations v, String clusterId, String password) {
    v.length("cloudHsmClusterId", clusterId, 19, 24)
        .pattern("cloudHsmClusterId", clusterId, CLUSTER_ID, CLUSTER_ID_PATTERN);
    v.sensitiveLength("keyStorePassword", password, 7, 32);
  }

  /** The XKS members, in model order, after the CloudHSM ones. */
  static void xks(Violations v, String endpoint, String path, String vpcService,
      String vpcOwner, XksCredential credential, String connectivity) {
    v.length("xksProxyUriEndpoint", endpoint, 10, 128)
        .pattern("xksProxyUriEndpoint", endpoint, URI_ENDPOINT, URI_ENDPOINT_PATTERN);
    v.length("xksProxyUriPath", path, 10, 128)
        .pattern("xksProxyUriPath", path, URI_PATH, URI_PATH_PATTERN);
    v.length("xksProxyVpcEndpointServiceName", vpcService, 20, 64)
        .pattern("xksProxyVpcEndpointServiceName", vpcService, VPC_SERVICE, VPC_SERVICE_PATTERN);
    v.length("xksProxyVpcEndpointServiceOwner", vpcOwner, 12, 12)
        .pattern("xksProxyVpcEndpointServiceOwner", vpcOwner, ACCOUNT, ACCOUNT_PATTERN);
    if (credential != null) {
      String prefix = "xksProxyAuthenticationCredential.";
      if (v.required(prefix + "accessKeyId", credential.accessKeyId())) {
        v.sensitiveLength(prefix + "accessKeyId", credential.accessKeyId(), 20, 30)
            .sensitivePattern(prefix + "accessKeyId", credential.accessKeyId(), ACCESS_KEY,
                ACCESS_KEY_PATTERN);
      }
      if (v.required(prefix + "rawSecretAccessKey", credential.rawSecretAccessKey())) {
        v.sensitiveLength(prefix + "rawSecretAccessKey", credential.rawSecretAccessKey(), 43, 64)
            .sensitivePattern(prefix + "rawSecretAccessKey", credential.rawSecretAccessKey(),
                SECRET, SECRET_PATTERN);
      }
    }
    v.oneOf("xksProxyConnectivity", connectivity, CONNECTIVITY);
  }
}
