package dev.ownkms.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownkms.domain.Alias;
import dev.ownkms.domain.Caller;
import dev.ownkms.domain.EventLoop;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcKmsStoreTest {

  @TempDir
  Path dir;

  private Database database;
  private JdbcKmsStore store;

  @BeforeEach
  void open() {
    database = Database.openSqlite(dir.resolve("test.db"));
    store = new JdbcKmsStore(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void onAnEventLoop_theDatabaseRefusesBeforeBlocking() {
    Caller caller = new Caller("111122223333", "us-east-1");

    assertThatThrownBy(() -> ScopedValue.where(EventLoop.ACTIVE, true)
        .call(() -> store.read(r -> r.countKeys(caller))))
        .isInstanceOf(EventLoop.MustBlockException.class);
    long keys = store.read(r -> r.countKeys(caller));
    assertThat(keys).isZero();
  }

  @Test
  void failedWork_rollsBackEverything() {
    Caller caller = new Caller("111122223333", "us-east-1");

    assertThatThrownBy(() -> store.write(r -> {
      r.insertAlias(new Alias(caller, "alias/a", "missing-key",
          java.time.Instant.EPOCH, java.time.Instant.EPOCH));
      return null;
    })).isInstanceOf(StorageException.class);
    Optional<Alias> alias = store.read(r -> r.findAlias(caller, "alias/a"));
    assertThat(alias).isEmpty();
  }
}
