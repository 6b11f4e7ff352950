package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import jakarta.mail.Flags;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end (issue 14): replies delivered to an IMAP server (GreenMail) are synced into an H2 store, and each
 * stored message carries its new text in {@code new_text} (table {@code mm_message_rendered}), written with its Markdown
 * (HTML) or its content (text).
 */
class NewTextSyncTest {
  private static final String ACCOUNT = "alice@test";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private static final String GMAIL_HTML = "<div dir=\"ltr\"><div>Tuesday works for me.</div><div>Alice</div></div>"
      + "<br><div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, Mar 3, "
      + "2025 at 10:15 AM Bob Example &lt;bob@example.org&gt; wrote:<br></div><blockquote class=\"gmail_quote\" "
      + "style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
      + "<div dir=\"ltr\">Could we meet on Tuesday?</div></blockquote></div>";

  private static String multipart(int n, String subject, String text, String html) {
    return "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <nt-" + n
        + "@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n"
        + "--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n"
        + "--b1--\r\n";
  }

  private static String plain(int n, String subject, String text) {
    return "From: Jörg <joerg@example.de>\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <nt-" + n
        + "@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n" + text;
  }

  @Test
  @DisplayName("a message whose Markdown is still pending (as a row stored before schema V5 may be) gets its new text with it on the next sync")
  void pendingMarkdownComputesNewText() throws Exception {
    GreenMailUser user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(user, "INBOX");
    inbox.appendMessage(GreenMailUtil.newMimeMessage(multipart(1, "Re: Meeting", "Tuesday works for me.", GMAIL_HTML)),
        new Flags(), new Date(1_709_300_000_000L));
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:newtext-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ImapAccount account = ImapAccount.builder().id(ACCOUNT).host("127.0.0.1").port(GREENMAIL.getImap().getPort())
        .security(Security.PLAIN).username("alice").build();
    try (JdbcMailStore store = JdbcMailStore.builder(dataSource).build()) {
      // First without Markdown: the content is stored, its Markdown (and so its new text) is pending.
      try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
          .credentials(a -> Credentials.password("secret"))
          .syncOptions(io.mailmind.core.SyncOptions.builder().markdown(false).build()).build()) {
        mailmind.sync(account);
      }
      assertThat(store.pendingMessages(ACCOUNT)).hasSize(1);
      store.forEachMessage(ACCOUNT, record -> assertThat(record.newText()).isNull());
      try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
          .credentials(a -> Credentials.password("secret")).build()) {
        SyncReport report = mailmind.sync(account);
        assertThat(report.errors()).isZero();
        assertThat(report.messagesPending()).isZero();
      }
      List<MessageRecord> records = new java.util.ArrayList<>();
      store.forEachMessage(ACCOUNT, records::add);
      assertThat(records).singleElement().satisfies(record -> {
        assertThat(record.markdown()).contains("Could we meet on Tuesday?");
        assertThat(record.newText()).isEqualTo("Tuesday works for me.\nAlice");
      });
    }
  }

  @Test
  @DisplayName("a sync stores the new text of an HTML reply, a plain-text reply and a message without quotes")
  void syncStoresNewText() throws Exception {
    GreenMailUser user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(user, "INBOX");
    List<String> raw = List.of(
        multipart(1, "Re: Meeting", "Tuesday works for me.\r\nAlice\r\n\r\nOn Mon, Bob wrote:\r\n> Could we meet?\r\n",
            GMAIL_HTML),
        plain(2, "Re: Zahlen", "Passt.\r\n\r\nJörg\r\n\r\nAm 03.03.2025 um 10:15 schrieb Alice Example\r\n"
            + "<alice@example.org>:\r\n> Sind die Zahlen endgültig?\r\n"),
        multipart(3, "News", "Spring meeting on 12 April.", "<p>Spring meeting on <b>12 April</b>.</p>"));
    for (int i = 0; i < raw.size(); i++) {
      inbox.appendMessage(GreenMailUtil.newMimeMessage(raw.get(i)), new Flags(),
          new Date(1_709_300_000_000L + i * 60_000L));
    }
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:newtext-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ImapAccount account = ImapAccount.builder().id(ACCOUNT).host("127.0.0.1").port(GREENMAIL.getImap().getPort())
        .security(Security.PLAIN).username("alice").build();
    try (JdbcMailStore store = JdbcMailStore.builder(dataSource).build();
        Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
            .credentials(a -> Credentials.password("secret")).build()) {
      SyncReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2),
          () -> mailmind.sync(account));
      assertThat(report.errors()).isZero();
      assertThat(report.messagesPending()).isZero();

      Map<String, MessageRecord> byId = new HashMap<>();
      store.forEachMessage(ACCOUNT, record -> byId.put(record.metadata().headers().messageId(), record));
      MessageRecord gmail = byId.get("<nt-1@example.org>");
      assertThat(gmail.markdown()).contains("Could we meet on Tuesday?");
      assertThat(gmail.newText()).isEqualTo("Tuesday works for me.\nAlice");
      MessageRecord german = byId.get("<nt-2@example.org>");
      assertThat(german.markdown()).isNull();
      assertThat(german.newText()).isEqualTo("Passt.\r\n\r\nJörg");
      MessageRecord news = byId.get("<nt-3@example.org>");
      assertThat(news.newText()).isEqualTo(news.markdown()).isEqualTo("Spring meeting on **12 April**.");
    }
    // In the table, next to the Markdown.
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT r.new_text FROM mm_message_rendered r JOIN mm_messages m"
             + " ON m.id = r.message_pk WHERE m.message_id = '<nt-1@example.org>'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("Tuesday works for me.\nAlice");
    }
  }
}
