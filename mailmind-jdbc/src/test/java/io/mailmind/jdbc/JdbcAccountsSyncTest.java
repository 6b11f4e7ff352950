package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: a {@link Mailmind} whose accounts and credentials come from {@link JdbcAccounts} syncs a GreenMail
 * account it has only as an encrypted row, follows it with IDLE, and leaves a disabled account alone.
 */
class JdbcAccountsSyncTest {
  private static final byte[] KEY = JdbcAccountsTest.key(9);

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

  private final TestDatabase db = TestDatabase.h2();

  @BeforeEach
  void start() throws Exception {
    db.start();
  }

  @AfterEach
  void stop() throws Exception {
    db.stop();
  }

  private ImapAccount account(String id, String user) {
    return ImapAccount.builder().id(id).host("127.0.0.1").port(GREENMAIL.getImap().getPort()).security(Security.PLAIN)
        .username(user).build();
  }

  private static void deliver(GreenMailUser user, int n) throws Exception {
    user.deliver(GreenMailUtil.newMimeMessage("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: Message "
        + n + "\r\nMessage-ID: <m" + n + "@example.org>\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\n\r\nBody " + n + "\r\n"));
  }

  @Test
  @DisplayName("Mailmind built on JdbcAccounts syncs and follows the active account with its decrypted password, and"
      + " not the disabled one")
  void syncsFromTheAccountsTable() throws Exception {
    GreenMailUser alice = GREENMAIL.setUser("alice@example.org", "alice", "alice-pw");
    GREENMAIL.setUser("bob@example.org", "bob", "bob-pw");
    for (int n = 1; n <= 3; n++) deliver(alice, n);

    JdbcAccounts accounts = JdbcAccounts.builder(db.dataSource()).currentKey(KEY).build();
    accounts.add(account("alice", "alice"), Credentials.password("alice-pw"));
    accounts.add(account("bob", "bob"), Credentials.password("bob-pw"));
    accounts.disable("bob");

    try (JdbcMailStore store = JdbcMailStore.builder(db.dataSource()).build();
         Mailmind mailmind = Mailmind.builder().store(store).accounts(accounts).credentials(accounts).build()) {
      SyncReport report = mailmind.sync("alice");
      assertThat(report.errors()).isZero();
      assertThat(report.messagesNew()).isEqualTo(3);
      assertThatThrownBy(() -> mailmind.sync("bob")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no active account");

      mailmind.start();
      deliver(alice, 4);
      Await.until("the fourth message followed by IDLE is stored with its content", Duration.ofSeconds(30),
          () -> store.countMessages("alice") == 4 && store.pendingMessages("alice").isEmpty(),
          () -> "stored: " + store.countMessages("alice") + ", pending: " + store.pendingMessages("alice"));
      assertThat(store.countMessages("bob")).isZero();
      assertThat(store.folders("bob")).isEmpty();
    }
  }

  @Test
  @DisplayName("an account's stored include and exclude globs decide, with the engine's SyncOptions, which folders sync")
  void perAccountFolderGlobs() throws Exception {
    GreenMailUser carol = GREENMAIL.setUser("carol@example.org", "carol", "carol-pw");
    var folders = GREENMAIL.getManagers().getImapHostManager();
    folders.createMailbox(carol, "Projects");
    folders.createMailbox(carol, "Archive");
    deliver(carol, 1);

    JdbcAccounts accounts = JdbcAccounts.builder(db.dataSource()).currentKey(KEY).build();
    accounts.add(account("carol", "carol"), Credentials.password("carol-pw"), List.of("INBOX", "Pro*"), List.of());
    assertThat(accounts.activeAccounts()).singleElement().satisfies(a -> assertThat(a.include()).containsExactly("INBOX", "Pro*"));

    try (JdbcMailStore store = JdbcMailStore.builder(db.dataSource()).build();
         Mailmind mailmind = Mailmind.builder().store(store).accounts(accounts).credentials(accounts).build()) {
      assertThat(mailmind.sync("carol").errors()).isZero();
      assertThat(store.folders("carol")).extracting(f -> f.id().imapFolder()).containsExactlyInAnyOrder("INBOX", "Projects");
    }
  }
}
