package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.ACCOUNT;
import static io.mailmind.testkit.TestMessages.INBOX;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.TcpFaultProxy;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A real database blinks under a store write: a {@link TcpFaultProxy} in front of the server drops every connection
 * in the middle of the write's transaction and refuses new ones for a while. One subclass per database server.
 */
@ExpectedLogs("the database goes down on purpose: retries are logged")
abstract class DatabaseOutageTest {
  private TcpFaultProxy proxy;
  private BlinkingDataSource dataSource;

  abstract TestDatabase db();

  @BeforeEach
  void startProxy() {
    InetSocketAddress server = db().serverAddress();
    proxy = TcpFaultProxy.start(server.getHostString(), server.getPort());
    dataSource = new BlinkingDataSource(db().dataSourceVia(proxy.port()));
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private JdbcMailStore store(Duration connectionRetryDeadline) {
    JdbcMailStore store = JdbcMailStore.builder(dataSource).tablePrefix(db().freshPrefix())
        .connectionRetryDeadline(connectionRetryDeadline).build();
    store.upsertFolder(new Folder(INBOX, "Inbox", List.of(), SyncCheckpoint.NONE));
    return store;
  }

  @Test
  @DisplayName("a write during which the database drops every connection and refuses new ones for 2 s is stored after the outage")
  void writeSurvivesAShortOutage(CapturedLog log) {
    try (JdbcMailStore store = store(Duration.ofSeconds(30))) {
      dataSource.blinkAtNextBatch(() -> {
        proxy.dropAll();
        proxy.refuseFor(Duration.ofSeconds(2));
      });

      store.upsertMetadata(List.of(message(key(1)).metadata(), message(key(2)).metadata()));

      assertThat(dataSource.blinks()).isEqualTo(1);
      assertThat(dataSource.refused()).as("new connections were refused during the outage").isPositive();
      assertThat(proxy.accepting()).isTrue();
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(2);
      assertThat(store.message(key(2))).isPresent();
    }
    assertThat(log.warnings()).as("one line when the retries start").singleElement().asString()
        .contains("upsertMetadata: the database connection failed").contains("retrying for up to");
  }

  @Test
  @DisplayName("a write whose outage outlasts the deadline fails with a message that names the database problem")
  void writeFailsAfterTheDeadline() {
    try (JdbcMailStore store = store(Duration.ofSeconds(1))) {
      dataSource.blinkAtNextBatch(() -> {
        proxy.dropAll();
        proxy.refuse();
      });

      assertThatThrownBy(() -> store.upsertMetadata(List.of(message(key(1)).metadata())))
          .isInstanceOfSatisfying(MailStoreException.class, e -> {
            assertThat(e.sqlState()).startsWith("08");
            assertThat(e.getMessage())
                .startsWith("upsertMetadata failed on table ")
                .contains(ACCOUNT + ":INBOX")
                .contains("UID=1")
                .containsPattern("the database did not answer for 1(\\.\\d)? s \\(\\d+ attempts\\): ")
                .contains("(SQLState 08")
                .endsWith("(nothing of this call was stored)")
                .doesNotContain("\n").doesNotContain("INSERT");
          });

      proxy.accept();
      assertThat(store.message(key(1))).as("nothing of the failed call was stored").isEmpty();
      assertThat(store.countMessages(ACCOUNT)).isZero();
    }
  }
}
