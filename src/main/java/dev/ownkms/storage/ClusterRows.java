package dev.ownkms.storage;

import dev.ownkms.domain.cloudhsm.Cluster;
import dev.ownkms.domain.cloudhsm.ClusterState;
import dev.ownkms.domain.cloudhsm.TokenLocation;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code cloudhsm_cluster} table. Zones are stored comma-separated and the library's
 * environment as {@code NAME=value} lines: neither holds a comma or a line break.
 */
final class ClusterRows {

  private static final String COLUMNS = "cluster_id, cluster_state, hsm_count, availability_zones,"
      + " token_label, library_path, library_environment, trust_anchor, cluster_certificate,"
      + " backup_family, sealed_so_pin, failed_logins, creation_date";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM cloudhsm_cluster";

  private final Sql sql;

  ClusterRows(Sql sql) {
    this.sql = sql;
  }

  Optional<Cluster> find(String clusterId) {
    return sql.queryOne(SELECT + " WHERE cluster_id = ?", ClusterRows::cluster, clusterId);
  }

  List<Cluster> list() {
    return sql.query(SELECT + " ORDER BY cluster_id", ClusterRows::cluster);
  }

  void insert(Cluster c) {
    TokenLocation location = c.location();
    sql.update("INSERT INTO cloudhsm_cluster (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        c.id(), c.state().name(), c.hsmCount(), String.join(",", c.availabilityZones()),
        location.tokenLabel(),
        location.library() == null ? null : location.library().toString(),
        environment(location.environment()), c.trustAnchorCertificate(), c.clusterCertificate(),
        c.backupFamily(), c.sealedSoPin(), c.failedLogins(), c.creationDate().toEpochMilli());
  }

  void update(Cluster c) {
    sql.update("UPDATE cloudhsm_cluster SET cluster_state = ?, hsm_count = ?,"
        + " availability_zones = ?, failed_logins = ? WHERE cluster_id = ?", c.state().name(),
        c.hsmCount(), String.join(",", c.availabilityZones()), c.failedLogins(), c.id());
  }

  void delete(String clusterId) {
    sql.update("DELETE FROM cloudhsm_cluster WHERE cluster_id = ?", clusterId);
  }

  private static String environment(Map<String, String> environment) {
    return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, String> environment(String lines) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : lines.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        environment.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return environment;
  }

  private static Cluster cluster(ResultSet rs) throws SQLException {
    String library = rs.getString("library_path");
    String zones = rs.getString("availability_zones");
    return new Cluster(
        rs.getString("cluster_id"),
        ClusterState.valueOf(rs.getString("cluster_state")),
        rs.getInt("hsm_count"),
        zones.isEmpty() ? List.of() : Arrays.asList(zones.split(",")),
        new TokenLocation(library == null ? null : Path.of(library), rs.getString("token_label"),
            environment(rs.getString("library_environment"))),
        rs.getString("trust_anchor"),
        rs.getString("cluster_certificate"),
        rs.getString("backup_family"),
        rs.getBytes("sealed_so_pin"),
        rs.getInt("failed_logins"),
        Instant.ofEpochMilli(rs.getLong("creation_date")));
  }
}
