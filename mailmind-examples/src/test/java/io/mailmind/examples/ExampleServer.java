package io.mailmind.examples;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import jakarta.mail.Flags;
import java.util.Date;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** GreenMail with one user, and a fresh H2 store, for the example tests. */
final class ExampleServer {
  static final String PASSWORD = "example-password";

  private ExampleServer() {}

  static GreenMailExtension greenMail() {
    return new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(true);
  }

  static GreenMailUser user(GreenMailExtension greenMail) {
    return greenMail.setUser("dev@example.org", "dev", PASSWORD);
  }

  static ImapAccount account(GreenMailExtension greenMail) {
    return ImapAccount.builder().host("127.0.0.1").port(greenMail.getImap().getPort()).security(Security.PLAIN)
        .username("dev").build();
  }

  static MailStore h2Store() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:example-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return JdbcMailStore.builder(h2).build();
  }

  /** Appends a message to the user's INBOX. */
  static void append(GreenMailExtension greenMail, GreenMailUser user, String raw) throws Exception {
    greenMail.getManagers().getImapHostManager().getInbox(user)
        .appendMessage(GreenMailUtil.newMimeMessage(raw), new Flags(), new Date());
  }

  static String html(int n) {
    return "Message-ID: <html-" + n + "@example.org>\r\nFrom: Zoë <zoe@example.no>\r\nTo: dev@example.org\r\n"
        + "Subject: Newsletter " + n + "\r\nDate: Fri, 21 Nov 2025 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/html; charset=UTF-8\r\n\r\n"
        + "<html><body><h1>Issue " + n + "</h1><p>Read <a href=\"https://example.org/" + n + "\">more</a>.</p>"
        + "</body></html>\r\n";
  }
}
