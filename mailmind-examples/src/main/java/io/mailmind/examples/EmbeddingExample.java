package io.mailmind.examples;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/** Mirrors one IMAP account (IMAP_HOST, IMAP_USER, IMAP_PASSWORD; IMAP_PORT) into SQLite. Ctrl-C stops it. */
public final class EmbeddingExample {
  public static void main(String[] args) throws Exception {
    ImapAccount account = ImapAccount.builder()          // implicit TLS, port 993 unless IMAP_PORT says otherwise
        .host(System.getenv("IMAP_HOST")).username(System.getenv("IMAP_USER"))
        .port(Integer.parseInt(System.getenv().getOrDefault("IMAP_PORT", "993"))).build();
    DataSource db = SqliteDataSources.forFile(Path.of("mailmind-data", "mail.db")); // or PostgreSQL, MariaDB, a pool
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {  // Ctrl-C, SIGTERM: main closes everything, then exit
      main.interrupt();
      try {
        main.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try (MailStore store = JdbcMailStore.builder(db).build();
         Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
             .credentials(acct -> Credentials.password(System.getenv("IMAP_PASSWORD"))) // asked at each connect
             .shutdownTimeout(Duration.ofSeconds(10))    // close() waits this long for work in progress
             .listener(new EventListener() {
               @Override
               public void onNewMail(MessagesEvent e) {  // called once the new messages are stored
                 System.out.println(e.uids().size() + " new message(s) in " + e.folder());
               }
             }).build()) {
      mailmind.start();                                  // a full sync now, then IDLE, and a sync every 5 minutes
      SyncReport first = mailmind.firstSync(account.id()).get();
      System.out.println("mirrored " + first.messagesTotal() + " messages, " + first.errors() + " errors");
      Thread.currentThread().join();                     // until Ctrl-C
    } catch (InterruptedException stopped) {
      System.out.println("stopped");                     // Mailmind and the store are closed by now
    }
  }
}
