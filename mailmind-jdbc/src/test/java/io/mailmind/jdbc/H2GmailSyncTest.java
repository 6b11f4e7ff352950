package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.gmail.GmailModel;
import io.mailmind.testkit.gmail.ScriptedGmailServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Gmail (the scripted X-GM-EXT-1 server) into the JDBC store on H2: labels, folder, thread, re-map. */
class H2GmailSyncTest {
  private static final TestDatabase db = TestDatabase.h2();
  private static final String ALL_MAIL = "[Gmail]/All Mail";

  private final GmailModel model = GmailModel.english();
  private ScriptedGmailServer server;
  private JdbcMailStore store;
  private ImapAccount account;

  @BeforeAll
  static void start() throws Exception {
    db.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.stop();
  }

  @BeforeEach
  void setUp() throws Exception {
    server = ScriptedGmailServer.start(model, "me@gmail.com", "secret");
    store = JdbcMailStore.builder(db.dataSource()).tablePrefix(db.freshPrefix()).build();
    account = ImapAccount.builder().id("me").host("127.0.0.1").port(server.port()).security(Security.PLAIN)
        .username("me@gmail.com").build();
  }

  @AfterEach
  void tearDown() {
    server.close();
    store.close();
    assertThat(server.unsupported()).isEmpty();
  }

  private SyncReport sync() {
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(SyncOptions.defaults()).build()) {
      return mailmind.sync(account);
    }
  }

  private MessageRecord stored(long msgId) {
    List<MessageRecord> all = new ArrayList<>();
    store.forEachMessage("me", all::add);
    List<MessageRecord> rows = all.stream().filter(r -> r.metadata().gmMsgId() == msgId).toList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static String plain(int n) {
    return "Message-ID: <h2-" + n + "@example.org>\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\n"
        + "From: Bob <bob@example.org>\r\nSubject: Message " + n + "\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\nBody " + n + "\r\n";
  }

  @Test
  @DisplayName("labels, folder and thread are stored; label changes and a UIDVALIDITY change keep the rows")
  void gmailRoundTrip() throws Exception {
    long thread = Long.parseUnsignedLong("17000000000000000017");
    long first = model.addMessage(1_790_000_000_000_000_101L, thread, plain(1), "\\Inbox", "Ärger", "\\Important");
    long second = model.addMessage(1_790_000_000_000_000_102L, thread, plain(2), "\\Sent");

    assertThat(sync().errors()).isZero();
    MessageRecord record = stored(first);
    assertThat(record.key().folder().imapFolder()).isEqualTo(ALL_MAIL);
    assertThat(record.metadata().folder()).isEqualTo("Inbox");
    assertThat(record.metadata().labels()).containsExactly("\\Important", "\\Inbox", "Ärger");
    assertThat(record.metadata().gmThrId()).isEqualTo(thread);
    assertThat(record.metadata().threadId()).isEqualTo(Long.toHexString(thread));
    assertThat(stored(second).metadata().folder()).isEqualTo("Sent");

    model.setLabels(first, "Ärger");
    SyncReport relabelled = sync();
    assertThat(relabelled.messagesUpdated()).isEqualTo(1);
    assertThat(stored(first).metadata().folder()).isEqualTo("Ärger");
    assertThat(stored(first).key()).isEqualTo(record.key());

    model.changeUidValidity(ALL_MAIL);
    server.clearCommands();
    SyncReport remapped = sync();
    assertThat(remapped.errors()).isZero();
    assertThat(remapped.messagesNew()).isZero();
    assertThat(server.commands()).noneMatch(c -> c.contains("BODY"));
    MessageRecord moved = stored(first);
    assertThat(moved.key().uidValidity()).isEqualTo(model.view(ALL_MAIL).uidValidity());
    assertThat(moved.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(moved.text()).contains("Body 1");
    assertThat(moved.metadata().folder()).isEqualTo("Ärger");
    assertThat(moved.metadata().threadId()).isEqualTo(Long.toHexString(thread));
    assertThat(store.countMessages("me")).isEqualTo(2);
  }
}
