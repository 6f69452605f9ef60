package dev.ownkms.storage;

import dev.ownkms.domain.Caller;
import dev.ownkms.domain.ConnectionErrorCode;
import dev.ownkms.domain.ConnectionState;
import dev.ownkms.domain.CustomKeyStore;
import dev.ownkms.domain.CustomKeyStoreType;
import dev.ownkms.domain.XksConnectivity;
import dev.ownkms.domain.XksProxySettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code custom_key_store} table. */
final class CustomKeyStoreRows {

  private static final String COLUMNS = "custom_key_store_id, account_id, region, store_name,"
      + " store_type, cloud_hsm_cluster_id, trust_anchor, sealed_password, connection_state,"
      + " connection_error_code, creation_date, xks_connectivity, xks_uri_endpoint, xks_uri_path,"
      + " xks_access_key_id, xks_sealed_secret, xks_vpc_service_name, xks_vpc_service_owner";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM custom_key_store";

  private final Sql sql;

  CustomKeyStoreRows(Sql sql) {
    this.sql = sql;
  }

  Optional<CustomKeyStore> find(Caller owner, String id) {
    return sql.queryOne(SELECT + " WHERE custom_key_store_id = ? AND account_id = ? AND region = ?",
        CustomKeyStoreRows::store, id, owner.accountId(), owner.region());
  }

  Optional<CustomKeyStore> findByName(Caller owner, String name) {
    return sql.queryOne(SELECT + " WHERE store_name = ? AND account_id = ? AND region = ?",
        CustomKeyStoreRows::store, name, owner.accountId(), owner.region());
  }

  Optional<CustomKeyStore> findOnClusters(List<String> clusterIds) {
    if (clusterIds.isEmpty()) {
      return Optional.empty();
    }
    String marks = String.join(",", Collections.nCopies(clusterIds.size(), "?"));
    return sql.queryOne(SELECT + " WHERE cloud_hsm_cluster_id IN (" + marks + ")",
        CustomKeyStoreRows::store, clusterIds.toArray());
  }

  List<CustomKeyStore> list(Caller owner, String afterId, int limit) {
    return sql.query(SELECT + " WHERE account_id = ? AND region = ? AND custom_key_store_id > ?"
        + " ORDER BY custom_key_store_id LIMIT ?", CustomKeyStoreRows::store,
        owner.accountId(), owner.region(), afterId == null ? "" : afterId, limit);
  }

  int count(Caller owner) {
    return sql.queryOne("SELECT COUNT(*) FROM custom_key_store WHERE account_id = ? AND region = ?",
        rs -> rs.getInt(1), owner.accountId(), owner.region()).orElse(0);
  }

  /** External key stores of every account in a Region: endpoint and VPC rules span accounts. */
  List<CustomKeyStore> externalIn(String region) {
    return sql.query(SELECT + " WHERE store_type = 'EXTERNAL_KEY_STORE' AND region = ?"
        + " ORDER BY custom_key_store_id", CustomKeyStoreRows::store, region);
  }

  List<CustomKeyStore> in(ConnectionState state) {
    return sql.query(SELECT + " WHERE connection_state = ? ORDER BY custom_key_store_id",
        CustomKeyStoreRows::store, state.name());
  }

  void insert(CustomKeyStore store) {
    sql.update("INSERT INTO custom_key_store (" + COLUMNS + ")"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Stream.of(Stream.of(
            store.id(), store.owner().accountId(), store.owner().region(), store.name(),
            store.type().name(), store.cloudHsmClusterId(), store.trustAnchorCertificate(),
            store.sealedPassword(), store.connectionState().name(), errorCode(store),
            store.creationDate().toEpochMilli()), xksValues(store.xks()))
        .flatMap(s -> s).toArray());
  }

  void update(CustomKeyStore store) {
    sql.update("UPDATE custom_key_store SET store_name = ?, cloud_hsm_cluster_id = ?,"
        + " sealed_password = ?, connection_state = ?, connection_error_code = ?,"
        + " xks_connectivity = ?, xks_uri_endpoint = ?, xks_uri_path = ?, xks_access_key_id = ?,"
        + " xks_sealed_secret = ?, xks_vpc_service_name = ?, xks_vpc_service_owner = ?"
        + " WHERE custom_key_store_id = ?", Stream.of(Stream.of(store.name(),
            store.cloudHsmClusterId(), store.sealedPassword(), store.connectionState().name(),
            errorCode(store)), xksValues(store.xks()), Stream.of(store.id()))
        .flatMap(s -> s).toArray());
  }

  void delete(CustomKeyStore store) {
    sql.update("DELETE FROM custom_key_store WHERE custom_key_store_id = ?", store.id());
  }

  /** The seven xks_ columns, in COLUMNS order; nulls for a CloudHSM store. */
  private static Stream<Object> xksValues(XksProxySettings xks) {
    if (xks == null) {
      return Stream.of(null, null, null, null, null, null, null);
    }
    return Stream.of(xks.connectivity().name(), xks.uriEndpoint(), xks.uriPath(),
        xks.accessKeyId(), xks.sealedSecret(), xks.vpcServiceName(), xks.vpcServiceOwner());
  }

  private static String errorCode(CustomKeyStore store) {
    return store.errorCode() == null ? null : store.errorCode().name();
  }

  private static CustomKeyStore store(ResultSet rs) throws SQLException {
    String code = rs.getString("connection_error_code");
    return new CustomKeyStore(
        rs.getString("custom_key_store_id"),
        new Caller(rs.getString("account_id"), rs.getString("region")),
        rs.getString("store_name"),
        CustomKeyStoreType.valueOf(rs.getString("store_type")),
        rs.getString("cloud_hsm_cluster_id"),
        rs.getString("trust_anchor"),
        rs.getBytes("sealed_password"),
        ConnectionState.valueOf(rs.getString("connection_state")),
        code == null ? null : ConnectionErrorCode.valueOf(code),
        Instant.ofEpochMilli(rs.getLong("creation_date")),
        xks(rs));
  }

  private static XksProxySettings xks(ResultSet rs) throws SQLException {
    String connectivity = rs.getString("xks_connectivity");
    if (connectivity == null) {
      return null;
    }
    return new XksProxySettings(XksConnectivity.valueOf(connectivity),
        rs.getString("xks_uri_endpoint"), rs.getString("xks_uri_path"),
        rs.getString("xks_access_key_id"), rs.getBytes("xks_sealed_secret"),
        rs.getString("xks_vpc_service_name"), rs.getString("xks_vpc_service_owner"));
  }
}
