package dev.ownkms.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prepared statements over one connection, with SQL failures as {@link StorageException}. */
final class Sql {

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection connection;

  Sql(Connection connection) {
    this.connection = connection;
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    try (PreparedStatement statement = prepare(sql, params);
        ResultSet rs = statement.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new StorageException("query failed: " + sql, e);
    }
  }

  <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    return query(sql, mapper, params).stream().findFirst();
  }

  void update(String sql, Object... params) {
    try (PreparedStatement statement = prepare(sql, params)) {
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("update failed: " + sql, e);
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      Object param = params[i];
      if (param == null) {
        statement.setNull(i + 1, Types.VARCHAR);
      } else {
        statement.setObject(i + 1, param);
      }
    }
    return statement;
  }
}
