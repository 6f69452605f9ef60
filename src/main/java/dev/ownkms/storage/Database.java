package dev.ownkms.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * The embedded SQLite database of a data directory, migrated with Flyway on open.
 *
 * <p>Two pools, because SQLite allows one writer at a time: writes go through a single connection
 * whose transactions begin IMMEDIATE (so a read-then-write never fails on a lock upgrade), reads
 * through a few connections that see WAL snapshots and never wait for the writer.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource writer;
  private final HikariDataSource readers;

  private Database(HikariDataSource writer, HikariDataSource readers) {
    this.writer = writer;
    this.readers = readers;
  }

  public static Database openSqlite(Path file) {
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    HikariDataSource writer = pool("ownkms-writer", url, sqliteConfig(true), 1);
    try {
      Flyway.configure().dataSource(writer).load().migrate();
      HikariDataSource readers = pool("ownkms-readers", url, sqliteConfig(false), 4);
      return new Database(writer, readers);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  DataSource writer() {
    return writer;
  }

  DataSource readers() {
    return readers;
  }

  @Override
  public void close() {
    readers.close();
    writer.close();
  }

  private static SQLiteConfig sqliteConfig(boolean forWrites) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: an acknowledged write survives a crash or power loss, not only a killed process.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(30_000);
    if (forWrites) {
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    return config;
  }

  private static HikariDataSource pool(String name, String url, SQLiteConfig sqlite, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setDataSourceProperties(sqlite.toProperties());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }
}
