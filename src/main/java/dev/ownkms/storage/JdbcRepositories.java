package dev.ownkms.storage;

import dev.ownkms.domain.Alias;
import dev.ownkms.domain.Caller;
import dev.ownkms.domain.ConnectionState;
import dev.ownkms.domain.CustomKeyStore;
import dev.ownkms.domain.KeyMaterial;
import dev.ownkms.domain.KeySpec;
import dev.ownkms.domain.KeyState;
import dev.ownkms.domain.KeyUsage;
import dev.ownkms.domain.KmsKey;
import dev.ownkms.domain.MaterialState;
import dev.ownkms.domain.Origin;
import dev.ownkms.domain.Repositories;
import dev.ownkms.domain.Tag;
import dev.ownkms.domain.VpcEndpointService;
import dev.ownkms.domain.cloudhsm.Cluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The domain's tables over one JDBC connection inside one transaction. */
final class JdbcRepositories implements Repositories {

  private static final String KEY_COLUMNS = "key_id, account_id, region, creation_date, description,"
      + " key_spec, key_usage, origin, key_state, deletion_date, custom_key_store_id,"
      + " current_version, rotation_period_days, next_rotation_date, on_demand_rotations,"
      + " xks_key_id";
  /** Key columns plus the current material id and the key's store, for SELECTs over kms_key k. */
  private static final String KEY_SELECT = "SELECT k." + KEY_COLUMNS.replace(", ", ", k.")
      + ", m.key_material_id, s.cloud_hsm_cluster_id AS store_cluster_id,"
      + " s.connection_state AS store_connection_state"
      + " FROM kms_key k LEFT JOIN kms_key_material m"
      + " ON m.key_id = k.key_id AND m.version = k.current_version"
      + " LEFT JOIN custom_key_store s ON s.custom_key_store_id = k.custom_key_store_id";
  private static final String MATERIAL_COLUMNS =
      "key_id, version, key_material_id, sealed, created, rotation_type";
  private static final String ALIAS_COLUMNS =
      "account_id, region, alias_name, target_key_id, creation_date, last_updated_date";

  private final Sql sql;
  private final CustomKeyStoreRows stores;
  private final ClusterRows clusters;
  private final VpcEndpointServiceRows vpcEndpointServices;

  JdbcRepositories(Connection connection) {
    this.sql = new Sql(connection);
    this.stores = new CustomKeyStoreRows(sql);
    this.clusters = new ClusterRows(sql);
    this.vpcEndpointServices = new VpcEndpointServiceRows(sql);
  }

  // ---- keys

  @Override
  public Optional<KmsKey> findKey(Caller owner, String keyId) {
    return queryOne(KEY_SELECT + " WHERE k.key_id = ? AND k.account_id = ? AND k.region = ?",
        JdbcRepositories::key, keyId, owner.accountId(), owner.region());
  }

  @Override
  public void insertKey(KmsKey key, String policy) {
    MaterialState material = materialOrNone(key);
    update("INSERT INTO kms_key (" + KEY_COLUMNS + ", policy)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        key.keyId(), key.owner().accountId(), key.owner().region(),
        key.creationDate().toEpochMilli(), key.description(), key.spec().name(),
        key.usage().name(), key.origin().name(), key.state().wireName(), millis(key.deletionDate()),
        key.customKeyStoreId(), material.currentVersion(), material.rotationPeriodDays(),
        millis(material.nextRotationDate()), material.onDemandRotations(),
        key.store() == null ? null : key.store().xksKeyId(), policy);
  }

  @Override
  public void updateKey(KmsKey key) {
    MaterialState material = materialOrNone(key);
    update("UPDATE kms_key SET description = ?, key_state = ?, deletion_date = ?,"
        + " current_version = ?, rotation_period_days = ?, next_rotation_date = ?,"
        + " on_demand_rotations = ? WHERE key_id = ?",
        key.description(), key.state().wireName(), millis(key.deletionDate()),
        material.currentVersion(), material.rotationPeriodDays(),
        millis(material.nextRotationDate()), material.onDemandRotations(), key.keyId());
  }

  @Override
  public List<KmsKey> listKeys(Caller owner, String afterKeyId, int limit) {
    return query(KEY_SELECT + " WHERE k.account_id = ? AND k.region = ?"
        + " AND k.key_id > ? ORDER BY k.key_id LIMIT ?", JdbcRepositories::key,
        owner.accountId(), owner.region(), afterKeyId == null ? "" : afterKeyId, limit);
  }

  @Override
  public long countKeys(Caller owner) {
    return queryOne("SELECT COUNT(*) FROM kms_key WHERE account_id = ? AND region = ?",
        rs -> rs.getLong(1), owner.accountId(), owner.region()).orElse(0L);
  }

  @Override
  public List<KmsKey> keysDueForDeletion(Instant now, int limit) {
    return query(KEY_SELECT + " WHERE k.key_state = ?"
        + " AND k.deletion_date <= ? ORDER BY k.deletion_date LIMIT ?", JdbcRepositories::key,
        KeyState.PENDING_DELETION.wireName(), now.toEpochMilli(), limit);
  }

  @Override
  public void deleteKey(KmsKey key) {
    update("DELETE FROM kms_key_tag WHERE key_id = ?", key.keyId());
    update("DELETE FROM kms_key_material WHERE key_id = ?", key.keyId());
    update("DELETE FROM kms_alias WHERE target_key_id = ?", key.keyId());
    update("DELETE FROM kms_key WHERE key_id = ?", key.keyId());
  }

  @Override
  public String policy(KmsKey key) {
    return queryOne("SELECT policy FROM kms_key WHERE key_id = ?", rs -> rs.getString(1),
        key.keyId()).orElseThrow();
  }

  @Override
  public void updatePolicy(KmsKey key, String policy) {
    update("UPDATE kms_key SET policy = ? WHERE key_id = ?", policy, key.keyId());
  }

  // ---- key material

  @Override
  public void insertKeyMaterial(KeyMaterial material) {
    update("INSERT INTO kms_key_material (key_id, version, key_material_id, sealed, created,"
        + " rotation_type) VALUES (?,?,?,?,?,?)", material.keyId(), material.version(),
        material.keyMaterialId(), material.sealed(), material.created().toEpochMilli(),
        material.rotationType());
  }

  @Override
  public Optional<KeyMaterial> findKeyMaterial(String keyId, int version) {
    return queryOne("SELECT " + MATERIAL_COLUMNS + " FROM kms_key_material"
        + " WHERE key_id = ? AND version = ?", JdbcRepositories::material, keyId, version);
  }

  @Override
  public List<KeyMaterial> listKeyMaterials(String keyId, int afterVersion, int limit) {
    return query("SELECT " + MATERIAL_COLUMNS + " FROM kms_key_material WHERE key_id = ?"
        + " AND version > ? ORDER BY version LIMIT ?", JdbcRepositories::material,
        keyId, afterVersion, limit);
  }

  @Override
  public List<KmsKey> keysDueForRotation(Instant now, int limit) {
    return query(KEY_SELECT + " WHERE k.next_rotation_date <= ? AND k.key_state = ?"
        + " ORDER BY k.next_rotation_date LIMIT ?", JdbcRepositories::key, now.toEpochMilli(),
        KeyState.ENABLED.wireName(), limit);
  }

  // ---- aliases

  @Override
  public Optional<Alias> findAlias(Caller owner, String aliasName) {
    return queryOne("SELECT " + ALIAS_COLUMNS + " FROM kms_alias"
        + " WHERE account_id = ? AND region = ? AND alias_name = ?",
        JdbcRepositories::alias, owner.accountId(), owner.region(), aliasName);
  }

  @Override
  public void insertAlias(Alias alias) {
    update("INSERT INTO kms_alias (" + ALIAS_COLUMNS + ") VALUES (?,?,?,?,?,?)",
        alias.owner().accountId(), alias.owner().region(), alias.aliasName(),
        alias.targetKeyId(), alias.creationDate().toEpochMilli(),
        alias.lastUpdatedDate().toEpochMilli());
  }

  @Override
  public void updateAlias(Alias alias) {
    update("UPDATE kms_alias SET target_key_id = ?, last_updated_date = ?"
        + " WHERE account_id = ? AND region = ? AND alias_name = ?",
        alias.targetKeyId(), alias.lastUpdatedDate().toEpochMilli(),
        alias.owner().accountId(), alias.owner().region(), alias.aliasName());
  }

  @Override
  public void deleteAlias(Alias alias) {
    update("DELETE FROM kms_alias WHERE account_id = ? AND region = ? AND alias_name = ?",
        alias.owner().accountId(), alias.owner().region(), alias.aliasName());
  }

  @Override
  public List<Alias> listAliases(Caller owner, String targetKeyId, String afterName, int limit) {
    String after = afterName == null ? "" : afterName;
    if (targetKeyId == null) {
      return query("SELECT " + ALIAS_COLUMNS + " FROM kms_alias WHERE account_id = ?"
          + " AND region = ? AND alias_name > ? ORDER BY alias_name LIMIT ?",
          JdbcRepositories::alias, owner.accountId(), owner.region(), after, limit);
    }
    return query("SELECT " + ALIAS_COLUMNS + " FROM kms_alias WHERE account_id = ?"
        + " AND region = ? AND target_key_id = ? AND alias_name > ? ORDER BY alias_name LIMIT ?",
        JdbcRepositories::alias, owner.accountId(), owner.region(), targetKeyId, after, limit);
  }

  @Override
  public int countAliases(String targetKeyId) {
    return queryOne("SELECT COUNT(*) FROM kms_alias WHERE target_key_id = ?",
        rs -> rs.getInt(1), targetKeyId).orElse(0);
  }

  // ---- tags

  @Override
  public List<Tag> listTags(String keyId, String afterTagKey, int limit) {
    return query("SELECT tag_key, tag_value FROM kms_key_tag WHERE key_id = ? AND tag_key > ?"
        + " ORDER BY tag_key LIMIT ?", rs -> new Tag(rs.getString(1), rs.getString(2)),
        keyId, afterTagKey == null ? "" : afterTagKey, limit);
  }

  @Override
  public int countTags(String keyId) {
    return queryOne("SELECT COUNT(*) FROM kms_key_tag WHERE key_id = ?", rs -> rs.getInt(1),
        keyId).orElse(0);
  }

  @Override
  public boolean hasTag(String keyId, String tagKey) {
    return queryOne("SELECT 1 FROM kms_key_tag WHERE key_id = ? AND tag_key = ?",
        rs -> true, keyId, tagKey).isPresent();
  }

  @Override
  public void putTag(String keyId, Tag tag) {
    update("INSERT INTO kms_key_tag (key_id, tag_key, tag_value) VALUES (?,?,?)"
        + " ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
        keyId, tag.key(), tag.value());
  }

  @Override
  public void removeTag(String keyId, String tagKey) {
    update("DELETE FROM kms_key_tag WHERE key_id = ? AND tag_key = ?", keyId, tagKey);
  }

  // ---- mapping

  private static KmsKey key(ResultSet rs) throws SQLException {
    long deletion = rs.getLong("deletion_date");
    Instant deletionDate = rs.wasNull() ? null : Instant.ofEpochMilli(deletion);
    return new KmsKey(
        rs.getString("key_id"),
        StoredCallers.of(rs.getString("account_id"), rs.getString("region")),
        Instant.ofEpochMilli(rs.getLong("creation_date")),
        StoredCallers.emptyShared(rs.getString("description")),
        KeySpec.valueOf(rs.getString("key_spec")),
        KeyUsage.valueOf(rs.getString("key_usage")),
        Origin.valueOf(rs.getString("origin")),
        KeyState.fromWire(rs.getString("key_state")).orElseThrow(),
        deletionDate,
        storeLink(rs),
        materialState(rs));
  }

  private static KmsKey.StoreLink storeLink(ResultSet rs) throws SQLException {
    String storeId = rs.getString("custom_key_store_id");
    if (storeId == null) {
      return null;
    }
    return new KmsKey.StoreLink(storeId, rs.getString("store_cluster_id"),
        rs.getString("xks_key_id"),
        ConnectionState.CONNECTED.name().equals(rs.getString("store_connection_state")));
  }

  /** Null for keys without material (version 0). */
  private static MaterialState materialState(ResultSet rs) throws SQLException {
    int version = rs.getInt("current_version");
    if (version == 0) {
      return null;
    }
    int period = rs.getInt("rotation_period_days");
    Integer periodDays = rs.wasNull() ? null : period;
    long next = rs.getLong("next_rotation_date");
    Instant nextRotation = rs.wasNull() ? null : Instant.ofEpochMilli(next);
    return new MaterialState(version, rs.getString("key_material_id"), periodDays, nextRotation,
        rs.getInt("on_demand_rotations"));
  }

  private static MaterialState materialOrNone(KmsKey key) {
    return key.material() != null ? key.material() : new MaterialState(0, null, null, null, 0);
  }

  private static KeyMaterial material(ResultSet rs) throws SQLException {
    return new KeyMaterial(rs.getString("key_id"), rs.getInt("version"),
        rs.getString("key_material_id"), rs.getBytes("sealed"),
        Instant.ofEpochMilli(rs.getLong("created")), rs.getString("rotation_type"));
  }

  private static Alias alias(ResultSet rs) throws SQLException {
    return new Alias(
        StoredCallers.of(rs.getString("account_id"), rs.getString("region")),
        rs.getString("alias_name"),
        rs.getString("target_key_id"),
        Instant.ofEpochMilli(rs.getLong("creation_date")),
        Instant.ofEpochMilli(rs.getLong("last_updated_date")));
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  // ---- custom key stores and clusters

  @Override
  public Optional<CustomKeyStore> findCustomKeyStore(Caller owner, String id) {
    return stores.find(owner, id);
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreByName(Caller owner, String name) {
    return stores.findByName(owner, name);
  }

  @Override
  public Optional<CustomKeyStore> findCustomKeyStoreOnClusters(List<String> clusterIds) {
    return stores.findOnClusters(clusterIds);
  }

  @Override
  public List<CustomKeyStore> listCustomKeyStores(Caller owner, String afterId, int limit) {
    return stores.list(owner, afterId, limit);
  }

  @Override
  public int countCustomKeyStores(Caller owner) {
    return stores.count(owner);
  }

  @Override
  public List<CustomKeyStore> externalCustomKeyStores(String region) {
    return stores.externalIn(region);
  }

  @Override
  public boolean xksKeyInUse(String customKeyStoreId, String xksKeyId) {
    return queryOne("SELECT 1 FROM kms_key WHERE custom_key_store_id = ? AND xks_key_id = ?",
        rs -> true, customKeyStoreId, xksKeyId).isPresent();
  }

  @Override
  public List<CustomKeyStore> customKeyStoresIn(ConnectionState state) {
    return stores.in(state);
  }

  @Override
  public void insertCustomKeyStore(CustomKeyStore store) {
    stores.insert(store);
  }

  @Override
  public void updateCustomKeyStore(CustomKeyStore store) {
    stores.update(store);
  }

  @Override
  public void deleteCustomKeyStore(CustomKeyStore store) {
    stores.delete(store);
  }

  @Override
  public int countKeysInStore(String customKeyStoreId) {
    return sql.queryOne("SELECT COUNT(*) FROM kms_key WHERE custom_key_store_id = ?",
        rs -> rs.getInt(1), customKeyStoreId).orElse(0);
  }

  @Override
  public Optional<Cluster> findCluster(String clusterId) {
    return clusters.find(clusterId);
  }

  @Override
  public List<Cluster> listClusters() {
    return clusters.list();
  }

  @Override
  public void insertCluster(Cluster cluster) {
    clusters.insert(cluster);
  }

  @Override
  public void updateCluster(Cluster cluster) {
    clusters.update(cluster);
  }

  @Override
  public void deleteCluster(String clusterId) {
    clusters.delete(clusterId);
  }

  // ---- VPC endpoint services

  @Override
  public Optional<VpcEndpointService> findVpcEndpointService(String serviceName) {
    return vpcEndpointServices.find(serviceName);
  }

  @Override
  public List<VpcEndpointService> listVpcEndpointServices() {
    return vpcEndpointServices.list();
  }

  @Override
  public void insertVpcEndpointService(VpcEndpointService service) {
    vpcEndpointServices.insert(service);
  }

  @Override
  public void deleteVpcEndpointService(String serviceName) {
    vpcEndpointServices.delete(serviceName);
  }

  private <T> List<T> query(String statement, Sql.RowMapper<T> mapper, Object... params) {
    return sql.query(statement, mapper, params);
  }

  private <T> Optional<T> queryOne(String statement, Sql.RowMapper<T> mapper, Object... params) {
    return sql.queryOne(statement, mapper, params);
  }

  private void update(String statement, Object... params) {
    sql.update(statement, params);
  }
}
