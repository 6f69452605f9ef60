package dev.ownkms.storage;

import dev.ownkms.domain.VpcEndpointService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code xks_vpc_endpoint_service} table; booleans are 0/1 for SQLite and PostgreSQL alike. */
final class VpcEndpointServiceRows {

  private static final String COLUMNS = "service_name, owner_account, region, private_dns_name,"
      + " private_dns_verified, acceptance_required, availability_zones, creation_date";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM xks_vpc_endpoint_service";

  private final Sql sql;

  VpcEndpointServiceRows(Sql sql) {
    this.sql = sql;
  }

  Optional<VpcEndpointService> find(String serviceName) {
    return sql.queryOne(SELECT + " WHERE service_name = ?", VpcEndpointServiceRows::service,
        serviceName);
  }

  List<VpcEndpointService> list() {
    return sql.query(SELECT + " ORDER BY service_name", VpcEndpointServiceRows::service);
  }

  void insert(VpcEndpointService s) {
    sql.update("INSERT INTO xks_vpc_endpoint_service (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)",
        s.serviceName(), s.ownerAccountId(), s.region(), s.privateDnsName(),
        flag(s.privateDnsVerified()), flag(s.acceptanceRequired()), s.availabilityZones(),
        s.creationDate().toEpochMilli());
  }

  void delete(String serviceName) {
    sql.update("DELETE FROM xks_vpc_endpoint_service WHERE service_name = ?", serviceName);
  }

  private static int flag(boolean value) {
    return value ? 1 : 0;
  }

  private static VpcEndpointService service(ResultSet rs) throws SQLException {
    return new VpcEndpointService(
        rs.getString("service_name"),
        rs.getString("owner_account"),
        rs.getString("region"),
        rs.getString("private_dns_name"),
        rs.getInt("private_dns_verified") != 0,
        rs.getInt("acceptance_required") != 0,
        rs.getInt("availability_zones"),
        Instant.ofEpochMilli(rs.getLong("creation_date")));
  }
}
