package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.CustomKeyStore;
import dev.ownkms.domain.CustomKeyStoreService;
import dev.ownkms.domain.CustomKeyStoreService.CloudHsmUpdate;
import dev.ownkms.domain.CustomKeyStoreService.NewCloudHsmStore;
import dev.ownkms.domain.ExternalKeyStores;
import dev.ownkms.domain.ExternalKeyStores.ExternalUpdate;
import dev.ownkms.domain.ExternalKeyStores.NewExternalStore;
import dev.ownkms.domain.Page;
import dev.ownkms.domain.Secret;
import dev.ownkms.domain.XksConnectivity;
import dev.ownkms.error.KmsException.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Create-, Describe-, Update-, Connect-, Disconnect- and DeleteCustomKeyStore. Which members go
 * with which store type is not recorded from AWS (kms-errors.md §4): OwnKMS answers a
 * ValidationException naming the member, in AWS's free-text style.
 */
public final class CustomKeyStoreApi {

  private static final String CLOUDHSM = "AWS_CLOUDHSM";
  private static final String EXTERNAL = "EXTERNAL_KEY_STORE";

  private final CustomKeyStoreService stores;
  private final ExternalKeyStores externalStores;

  public CustomKeyStoreApi(CustomKeyStoreService stores, ExternalKeyStores externalStores) {
    this.stores = stores;
    this.externalStores = externalStores;
  }

  public CreateCustomKeyStoreResponse createCustomKeyStore(Caller caller,
      CreateCustomKeyStoreRequest request) {
    String type = request.customKeyStoreType() == null ? CLOUDHSM : request.customKeyStoreType();
    if (type.equals(EXTERNAL)) {
      return new CreateCustomKeyStoreResponse(createExternal(caller, request));
    }
    rejectMembers(CLOUDHSM, xksMembers(request.xksProxyUriEndpoint(), request.xksProxyUriPath(),
        request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner(),
        request.xksProxyAuthenticationCredential(), request.xksProxyConnectivity()));
    require(CLOUDHSM, "CloudHsmClusterId", request.cloudHsmClusterId());
    require(CLOUDHSM, "TrustAnchorCertificate", request.trustAnchorCertificate());
    require(CLOUDHSM, "KeyStorePassword", request.keyStorePassword());
    String id = stores.createCloudHsm(caller, new NewCloudHsmStore(request.customKeyStoreName(),
        request.cloudHsmClusterId(), request.trustAnchorCertificate(),
        Secret.of(request.keyStorePassword())));
    return new CreateCustomKeyStoreResponse(id);
  }

  private String createExternal(Caller caller, CreateCustomKeyStoreRequest request) {
    rejectMembers(EXTERNAL, cloudHsmMembers(request.cloudHsmClusterId(),
        request.keyStorePassword(), request.trustAnchorCertificate()));
    require(EXTERNAL, "XksProxyConnectivity", request.xksProxyConnectivity());
    require(EXTERNAL, "XksProxyUriEndpoint", request.xksProxyUriEndpoint());
    require(EXTERNAL, "XksProxyUriPath", request.xksProxyUriPath());
    require(EXTERNAL, "XksProxyAuthenticationCredential",
        request.xksProxyAuthenticationCredential());
    XksConnectivity connectivity = XksConnectivity.valueOf(request.xksProxyConnectivity());
    requireVpcMembersFit(connectivity, request.xksProxyVpcEndpointServiceName(),
        request.xksProxyVpcEndpointServiceOwner());
    if (connectivity == XksConnectivity.VPC_ENDPOINT_SERVICE) {
      require(EXTERNAL, "XksProxyVpcEndpointServiceName",
          request.xksProxyVpcEndpointServiceName());
    }
    XksCredential credential = request.xksProxyAuthenticationCredential();
    return externalStores.create(caller, new NewExternalStore(request.customKeyStoreName(),
        connectivity, request.xksProxyUriEndpoint(), request.xksProxyUriPath(),
        credential.accessKeyId(), Secret.of(credential.rawSecretAccessKey()),
        request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner()));
  }

  public DescribeCustomKeyStoresResponse describeCustomKeyStores(Caller caller,
      DescribeCustomKeyStoresRequest request) {
    if (request.customKeyStoreId() != null && request.customKeyStoreName() != null) {
      throw new ValidationException(
          "Specify either CustomKeyStoreId or CustomKeyStoreName, not both.");
    }
    Page<CustomKeyStore> page = stores.describe(caller, request.customKeyStoreId(),
        request.customKeyStoreName(), request.marker(),
        Members.pageSize(request.limit(), 100, 1000));
    return new DescribeCustomKeyStoresResponse(
        page.items().stream().map(CustomKeyStoreApi::entry).toList(), page.nextMarker(),
        page.truncated());
  }

  public NoOutput updateCustomKeyStore(Caller caller, UpdateCustomKeyStoreRequest request) {
    CustomKeyStore current = stores.find(caller, request.customKeyStoreId());
    if (current.external()) {
      updateExternal(caller, request);
      return NoOutput.INSTANCE;
    }
    rejectMembers(CLOUDHSM, xksMembers(request.xksProxyUriEndpoint(), request.xksProxyUriPath(),
        request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner(),
        request.xksProxyAuthenticationCredential(), request.xksProxyConnectivity()));
    stores.updateCloudHsm(caller, request.customKeyStoreId(), new CloudHsmUpdate(
        request.newCustomKeyStoreName(),
        request.keyStorePassword() == null ? null : Secret.of(request.keyStorePassword()),
        request.cloudHsmClusterId()));
    return NoOutput.INSTANCE;
  }

  private void updateExternal(Caller caller, UpdateCustomKeyStoreRequest request) {
    rejectMembers(EXTERNAL, cloudHsmMembers(request.cloudHsmClusterId(),
        request.keyStorePassword(), null));
    XksConnectivity connectivity = request.xksProxyConnectivity() == null ? null
        : XksConnectivity.valueOf(request.xksProxyConnectivity());
    if (connectivity != null) {
      requireVpcMembersFit(connectivity, request.xksProxyVpcEndpointServiceName(),
          request.xksProxyVpcEndpointServiceOwner());
    }
    XksCredential credential = request.xksProxyAuthenticationCredential();
    externalStores.update(caller, request.customKeyStoreId(), new ExternalUpdate(
        request.newCustomKeyStoreName(),
        credential == null ? null : credential.accessKeyId(),
        credential == null ? null : Secret.of(credential.rawSecretAccessKey()),
        request.xksProxyUriPath(), request.xksProxyUriEndpoint(), connectivity,
        request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner()));
  }

  public NoOutput connectCustomKeyStore(Caller caller, CustomKeyStoreIdRequest request) {
    stores.connect(caller, request.customKeyStoreId());
    return NoOutput.INSTANCE;
  }

  public NoOutput disconnectCustomKeyStore(Caller caller, CustomKeyStoreIdRequest request) {
    stores.disconnect(caller, request.customKeyStoreId());
    return NoOutput.INSTANCE;
  }

  public NoOutput deleteCustomKeyStore(Caller caller, CustomKeyStoreIdRequest request) {
    stores.delete(caller, request.customKeyStoreId());
    return NoOutput.INSTANCE;
  }

  private static DescribeCustomKeyStoresResponse.Entry entry(CustomKeyStore store) {
    boolean external = store.external();
    return new DescribeCustomKeyStoresResponse.Entry(store.id(), store.name(),
        external ? null : store.cloudHsmClusterId(),
        external ? null : store.trustAnchorCertificate(),
        store.connectionState().name(),
        store.errorCode() == null ? null : store.errorCode().name(),
        Timestamps.epochSeconds(store.creationDate()), store.type().name(),
        external ? XksProxyConfiguration.of(store.xks()) : null);
  }

  /** The VPC endpoint service goes with VPC connectivity alone. */
  private static void requireVpcMembersFit(XksConnectivity connectivity, String vpcService,
      String vpcOwner) {
    if (connectivity == XksConnectivity.PUBLIC_ENDPOINT) {
      if (vpcService != null) {
        throw new ValidationException("XksProxyVpcEndpointServiceName is not valid with"
            + " XksProxyConnectivity PUBLIC_ENDPOINT.");
      }
      if (vpcOwner != null) {
        throw new ValidationException("XksProxyVpcEndpointServiceOwner is not valid with"
            + " XksProxyConnectivity PUBLIC_ENDPOINT.");
      }
    }
  }

  private static Map<String, Object> cloudHsmMembers(String clusterId, String password,
      String trustAnchor) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("CloudHsmClusterId", clusterId);
    members.put("TrustAnchorCertificate", trustAnchor);
    members.put("KeyStorePassword", password);
    return members;
  }

  private static Map<String, Object> xksMembers(String endpoint, String path, String vpcService,
      String vpcOwner, XksCredential credential, String connectivity) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("XksProxyUriEndpoint", endpoint);
    members.put("XksProxyUriPath", path);
    members.put("XksProxyVpcEndpointServiceName", vpcService);
    members.put("XksProxyVpcEndpointServiceOwner", vpcOwner);
    members.put("XksProxyAuthenticationCredential", credential);
    members.put("XksProxyConnectivity", connectivity);
    return members;
  }

  private static void rejectMembers(String type, Map<String, Object> members) {
    members.forEach((name, value) -> {
      if (value != null) {
        throw new ValidationException(
            name + " is not valid for a custom key store of type " + type + ".");
      }
    });
  }

  private static void require(String type, String member, Object value) {
    if (value == null) {
      throw new ValidationException(
          member + " is required for a custom key store of type " + type + ".");
    }
  }
}
