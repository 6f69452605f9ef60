package dev.ownkms.domain;

import dev.ownkms.domain.cloudhsm.Cluster;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tables the domain reads and writes, all bound to one transaction (see {@link KmsStore}).
 * List methods return up to {@code limit} rows after the given sort key (null: from the start).
 */
public interface Repositories {

  // keys
  Optional<KmsKey> findKey(Caller owner, String keyId);

  void insertKey(KmsKey key, String policy);

  /** Saves state, description, deletion date and material state. */
  void updateKey(KmsKey key);

  List<KmsKey> listKeys(Caller owner, String afterKeyId, int limit);

  long countKeys(Caller owner);

  List<KmsKey> keysDueForDeletion(Instant now, int limit);

  /** Deletes the key with its aliases and tags. */
  void deleteKey(KmsKey key);

  String policy(KmsKey key);

  void updatePolicy(KmsKey key, String policy);

  // key material

  void insertKeyMaterial(KeyMaterial material);

  Optional<KeyMaterial> findKeyMaterial(String keyId, int version);

  /** Versions after {@code afterVersion}, oldest first. */
  List<KeyMaterial> listKeyMaterials(String keyId, int afterVersion, int limit);

  /** Enabled keys with automatic rotation whose next rotation date has come (AWS does not rotate disabled keys). */
  List<KmsKey> keysDueForRotation(Instant now, int limit);

  // aliases
  Optional<Alias> findAlias(Caller owner, String aliasName);

  void insertAlias(Alias alias);

  void updateAlias(Alias alias);

  void deleteAlias(Alias alias);

  /** Aliases of the owner, or of one key when {@code targetKeyId} is not null. */
  List<Alias> listAliases(Caller owner, String targetKeyId, String afterName, int limit);

  int countAliases(String targetKeyId);

  // tags
  List<Tag> listTags(String keyId, String afterTagKey, int limit);

  int countTags(String keyId);

  boolean hasTag(String keyId, String tagKey);

  void putTag(String keyId, Tag tag);

  void removeTag(String keyId, String tagKey);

  // custom key stores
  Optional<CustomKeyStore> findCustomKeyStore(Caller owner, String id);

  Optional<CustomKeyStore> findCustomKeyStoreByName(Caller owner, String name);

  /** The store of any owner using one of these clusters, if there is one. */
  Optional<CustomKeyStore> findCustomKeyStoreOnClusters(List<String> clusterIds);

  List<CustomKeyStore> listCustomKeyStores(Caller owner, String afterId, int limit);

  int countCustomKeyStores(Caller owner);

  /** Stores of every owner in a connection state (a restarted server resumes them). */
  /** The external key stores of every account in a Region. */
  List<CustomKeyStore> externalCustomKeyStores(String region);

  /** Whether a KMS key of the store already uses the external key. */
  boolean xksKeyInUse(String customKeyStoreId, String xksKeyId);

  List<CustomKeyStore> customKeyStoresIn(ConnectionState state);

  void insertCustomKeyStore(CustomKeyStore store);

  void updateCustomKeyStore(CustomKeyStore store);

  void deleteCustomKeyStore(CustomKeyStore store);

  /** Keys in the store, pending deletion included. */
  int countKeysInStore(String customKeyStoreId);

  // CloudHSM clusters (server-wide, like the tokens that stand for them)
  Optional<Cluster> findCluster(String clusterId);

  List<Cluster> listClusters();

  void insertCluster(Cluster cluster);

  void updateCluster(Cluster cluster);

  void deleteCluster(String clusterId);

  // VPC endpoint services of external key stores (server-wide, like clusters)
  Optional<VpcEndpointService> findVpcEndpointService(String serviceName);

  /** All of them, by name. */
  List<VpcEndpointService> listVpcEndpointServices();

  void insertVpcEndpointService(VpcEndpointService service);

  void deleteVpcEndpointService(String serviceName);
}
