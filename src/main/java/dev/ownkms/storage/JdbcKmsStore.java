package dev.ownkms.storage;

import dev.ownkms.domain.EventLoop;
import dev.ownkms.domain.KmsStore;
import dev.ownkms.error.KmsException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs domain work in one JDBC transaction: commit when it returns, roll back when it throws. */
public final class JdbcKmsStore implements KmsStore {

  private final Database database;

  public JdbcKmsStore(Database database) {
    this.database = database;
  }

  @Override
  public <T> T read(Work<T> work) {
    return inTransaction(database.readers(), work);
  }

  @Override
  public <T> T write(Work<T> work) {
    return inTransaction(database.writer(), work);
  }

  private static <T> T inTransaction(DataSource source, Work<T> work) {
    EventLoop.forbidBlocking("the database");
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(new JdbcRepositories(connection));
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("database transaction failed", e);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      if (!(cause instanceof KmsException)) {
        cause.addSuppressed(rollbackFailure);
      }
    }
  }
}
