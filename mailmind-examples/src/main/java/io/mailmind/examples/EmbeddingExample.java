package io.mailmind.examples;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import java.io.PrintStream;
import java.util.function.Supplier;
import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Embedding Mailmind: mirror one IMAP account into a JDBC store and react to new mail. Run with
 * {@code IMAP_HOST}, {@code IMAP_USER} and {@code IMAP_PASSWORD} set; stop with Ctrl-C.
 */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  public static void main(String[] args) throws InterruptedException {
    ImapAccount account = ImapAccount.builder()          // implicit TLS on port 993 by default
        .host(System.getenv("IMAP_HOST"))
        .username(System.getenv("IMAP_USER"))
        .build();
    // SQLite in one file, set up as the store needs it; any DataSource works: PostgreSQL, MariaDB, a pool...
    DataSource database = SqliteDataSources.forFile(Path.of("mailmind-data", "example.db"));
    try (MailStore store = JdbcMailStore.builder(database).build();
         Mailmind mailmind = mirror(store, account, () -> System.getenv("IMAP_PASSWORD"), System.out)) {
      Thread.currentThread().join();                     // runs until the JVM is stopped
    }
  }

  /** The part to copy: a started Mailmind that mirrors {@code account} into {@code store}. */
  static Mailmind mirror(MailStore store, ImapAccount account, Supplier<String> password, PrintStream out) {
    Mailmind mailmind = Mailmind.builder()
        .store(store)
        .accounts(account)
        .credentials(acct -> Credentials.password(password.get()))   // asked at each connect, never stored
        .listener(new EventListener() {
          @Override
          public void onNewMail(MessagesEvent event) {                 // called after the rows are committed
            out.println(event.uids().size() + " new message(s) in " + event.folder() + ": UIDs " + event.uids());
          }
        })
        .build();
    mailmind.start();                                    // syncs now and periodically; IDLE reports new mail at once
    return mailmind;
  }
}
