package io.mailmind.jdbc;

import io.mailmind.core.spi.MailStore;
import io.mailmind.testkit.MailStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The MailStore contract on SQLite with attachment bytes in a content-addressed directory. */
class SqliteDirectoryMailStoreContractTest extends MailStoreContract {
  private static final TestDatabase db = TestDatabase.sqlite();

  @TempDir
  Path blobs;

  @BeforeAll
  static void start() throws Exception {
    db.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.stop();
  }

  @Override
  protected MailStore createStore() {
    return JdbcMailStore.builder(db.dataSource()).tablePrefix(db.freshPrefix()).attachmentsInDirectory(blobs).build();
  }
}
