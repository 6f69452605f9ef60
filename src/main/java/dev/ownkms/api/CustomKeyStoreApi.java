package dev.ownkms.api;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.CustomKeyStore;
import dev.ownkms.domain.CustomKeyStoreService;
import dev.ownkms.domain.CustomKeyStoreService.CloudHsmUpdate;
import dev.ownkms.domain.CustomKeyStoreService.NewCloudHsmStore;
import dev.ownkms.domain.Page;
import dev.ownkms.domain.Secret;
import dev.ownkms.error.KmsException.KmsUnsupportedOperationException;
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

  private final CustomKeyStoreService stores;

  public CustomKeyStoreApi(CustomKeyStoreService stores) {
    this.stores = stores;
  }

  public CreateCustomKeyStoreResponse createCustomKeyStore(Caller caller,
      CreateCustomKeyStoreRequest request) {
    String type = request.customKeyStoreType() == null ? CLOUDHSM : request.customKeyStoreType();
    if (!type.equals(CLOUDHSM)) {
      throw new KmsUnsupportedOperationException(
          "OwnKMS does not support custom key stores of type " + type + " yet.");
    }
    rejectXksMembers(xksMembers(request.xksProxyUriEndpoint(), request.xksProxyUriPath(),
        request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner(),
        request.xksProxyAuthenticationCredential(), request.xksProxyConnectivity()));
    requireForCloudHsm("CloudHsmClusterId", request.cloudHsmClusterId());
    requireForCloudHsm("TrustAnchorCertificate", request.trustAnchorCertificate());
    requireForCloudHsm("KeyStorePassword", request.keyStorePassword());
    String id = stores.createCloudHsm(caller, new NewCloudHsmStore(request.customKeyStoreName(),
        request.cloudHsmClusterId(), request.trustAnchorCertificate(),
        Secret.of(request.keyStorePassword())));
    return new CreateCustomKeyStoreResponse(id);
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
    if (current.type().name().equals(CLOUDHSM)) {
      rejectXksMembers(xksMembers(request.xksProxyUriEndpoint(), request.xksProxyUriPath(),
          request.xksProxyVpcEndpointServiceName(), request.xksProxyVpcEndpointServiceOwner(),
          request.xksProxyAuthenticationCredential(), request.xksProxyConnectivity()));
    }
    stores.updateCloudHsm(caller, request.customKeyStoreId(), new CloudHsmUpdate(
        request.newCustomKeyStoreName(),
        request.keyStorePassword() == null ? null : Secret.of(request.keyStorePassword()),
        request.cloudHsmClusterId()));
    return NoOutput.INSTANCE;
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
    boolean cloudHsm = store.type().name().equals(CLOUDHSM);
    return new DescribeCustomKeyStoresResponse.Entry(store.id(), store.name(),
        cloudHsm ? store.cloudHsmClusterId() : null,
        cloudHsm ? store.trustAnchorCertificate() : null,
        store.connectionState().name(),
        store.errorCode() == null ? null : store.errorCode().name(),
        Timestamps.epochSeconds(store.creationDate()), store.type().name());
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

  private static void rejectXksMembers(Map<String, Object> members) {
    members.forEach((name, value) -> {
      if (value != null) {
        throw new ValidationException(
            name + " is not valid for a custom key store of type " + CLOUDHSM + ".");
      }
    });
  }

  private static void requireForCloudHsm(String member, String value) {
    if (value == null) {
      throw new ValidationException(
          member + " is required for a custom key store of type " + CLOUDHSM + ".");
    }
  }
}
