package io.mailmind.jdbc;

import io.mailmind.core.spi.MailStore;
import io.mailmind.testkit.MailStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The MailStore contract on SQLite (a file in WAL mode), attachment bytes in the database. */
class SqliteMailStoreContractTest extends MailStoreContract {
  private static final TestDatabase db = TestDatabase.sqlite();

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
    return JdbcMailStore.builder(db.dataSource()).tablePrefix(db.freshPrefix()).build();
  }
}
