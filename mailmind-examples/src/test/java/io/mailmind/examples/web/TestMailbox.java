package io.mailmind.examples.web;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import jakarta.mail.Flags;
import java.util.Date;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** A GreenMail user, an H2 store and the Mailmind that mirrors one into the other, for the web inbox tests. */
final class TestMailbox {
  static final String PASSWORD = "web-password";

  final GreenMailExtension greenMail;
  final GreenMailUser user;
  final MailStore store;
  final ImapAccount account;

  TestMailbox(GreenMailExtension greenMail) {
    this.greenMail = greenMail;
    this.user = greenMail.setUser("dev@example.org", "dev", PASSWORD);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    this.store = JdbcMailStore.builder(h2).build();
    this.account = ImapAccount.builder().host("127.0.0.1").port(greenMail.getImap().getPort())
        .security(Security.PLAIN).username("dev").build();
  }

  static GreenMailExtension greenMail() {
    return new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);
  }

  /** A Mailmind for the account and the store, following with IDLE once started. */
  Mailmind.Builder mailmind() {
    return Mailmind.builder().store(store).accounts(account).credentials(ignored -> Credentials.password(PASSWORD))
        .idleOptions(IdleOptions.defaults());
  }

  /** Appends a raw message to a folder ({@code INBOX} or another, created when missing). */
  void append(String folder, String raw) throws Exception {
    var manager = greenMail.getManagers().getImapHostManager();
    var mailbox = folder.equals("INBOX") ? manager.getInbox(user) : manager.getFolder(user, folder, false);
    if (mailbox == null) mailbox = manager.createMailbox(user, folder);
    mailbox.appendMessage(GreenMailUtil.newMimeMessage(raw), new Flags(), new Date());
  }

  /** Delivers a raw message to the INBOX as new mail. */
  void deliver(String raw) {
    user.deliver(GreenMailUtil.newMimeMessage(raw));
  }

  /** A plain-text message. */
  static String text(String id, String from, String subject, String date, String body) {
    return "Message-ID: <" + id + "@example.org>\r\nFrom: " + from + "\r\nTo: dev@example.org\r\nSubject: " + subject
        + "\r\nDate: " + date + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
  }

  /** An HTML-only message. */
  static String html(String id, String from, String subject, String date, String body) {
    return "Message-ID: <" + id + "@example.org>\r\nFrom: " + from + "\r\nTo: dev@example.org\r\nSubject: " + subject
        + "\r\nDate: " + date + "\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
  }
}
