package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync reads back what it wrote (issue 13): when rows change behind the engine's back between the write and the
 * end of the sync (here plain SQL on the same SQLite file, from a listener called when the folder's metadata is
 * stored), the sync reports an error naming the folder and the UIDs, never success; an untouched sync reports none.
 */
class ReadBackSyncTest {
  private static final String ACCOUNT = "alice@test";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  @TempDir
  Path directory;

  private final List<MailmindException> errors = new CopyOnWriteArrayList<>();
  private MailFolder inbox;

  @BeforeEach
  void seed() throws Exception {
    GreenMailUser user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(user, "INBOX");
    for (int n = 1; n <= 12; n++) {
      inbox.appendMessage(GreenMailUtil.newMimeMessage("From: bob@example.org\r\nTo: alice@example.org\r\nSubject: "
          + "Message " + n + "\r\nMessage-ID: <rb-" + n + "@example.org>\r\n\r\nBody " + n + "\r\n"),
          new Flags(), new Date(1_709_300_000_000L + n * 60_000L));
    }
  }

  /** Syncs into the SQLite file; {@code afterFolder} runs when a folder's metadata phase is over. */
  private SyncReport sync(DataSource dataSource, Consumer<FolderSyncResult> afterFolder) {
    ImapAccount account = ImapAccount.builder().id(ACCOUNT).host("127.0.0.1").port(GREENMAIL.getImap().getPort())
        .security(Security.PLAIN).username("alice").build();
    EventListener listener = new EventListener() {
      @Override
      public void onFolderSynced(FolderSyncResult result) {
        afterFolder.accept(result);
      }

      @Override
      public void onError(String accountId, MailmindException error) {
        errors.add(error);
      }
    };
    try (JdbcMailStore store = JdbcMailStore.builder(dataSource).build();
        Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
            .credentials(a -> Credentials.password("secret")).listener(listener)
            .syncOptions(SyncOptions.builder().markdown(false).build()).build()) {
      return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2),
          () -> mailmind.sync(account));
    }
  }

  private static void sql(DataSource dataSource, String statement) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("a sync whose rows read back as written reports no error")
  void intact() {
    DataSource dataSource = SqliteDataSources.forFile(directory.resolve("mail.db"));

    SyncReport report = sync(dataSource, result -> {});

    assertThat(errors).isEmpty();
    assertThat(report.errors()).isZero();
    assertThat(report.messagesTotal()).isEqualTo(12);
  }

  @Test
  @DisplayName("a row lost behind the engine's back makes the sync report an error naming the folder and the UID")
  @ExpectedLogs("the read-back failure is logged")
  void lostRow() {
    DataSource dataSource = SqliteDataSources.forFile(directory.resolve("mail.db"));

    SyncReport report = sync(dataSource, result -> sql(dataSource, "DELETE FROM mm_messages WHERE uid = 7"));

    assertThat(report.errors()).isPositive();
    assertThat(errors).anySatisfy(e -> assertThat(e).isInstanceOf(MailStoreException.class)
        .hasMessageContaining("INBOX (UIDVALIDITY " + inbox.getUidValidity() + "): the store does not read back what "
            + "the sync wrote")
        .hasMessageContaining("UID 7: missing"));
  }

  @Test
  @DisplayName("flags and a size changed behind the engine's back are reported with their UIDs")
  @ExpectedLogs("the read-back failure is logged")
  void changedRow() {
    DataSource dataSource = SqliteDataSources.forFile(directory.resolve("mail.db"));

    SyncReport report = sync(dataSource, result -> {
      sql(dataSource, "UPDATE mm_messages SET flags = '[\"\\\\Deleted\"]' WHERE uid = 3");
      sql(dataSource, "UPDATE mm_messages SET size = 1 WHERE uid = 5");
    });

    assertThat(report.errors()).isPositive();
    assertThat(errors).anySatisfy(e -> assertThat(e)
        .hasMessageContaining("UID 3: flags [\\Deleted] read back, [] written")
        .hasMessageContaining("UID 5: size 1 read back, "));
  }
}
