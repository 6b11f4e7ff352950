package io.mailmind.examples;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Running Mailmind's work on your own job system: one sync whose tasks all pass through
 * {@link QueueTaskExecutor} as JSON. Run with {@code IMAP_HOST}, {@code IMAP_USER} and {@code IMAP_PASSWORD}
 * set.
 */
public final class QueueExecutorExample {
  private QueueExecutorExample() {}

  public static void main(String[] args) {
    ImapAccount account = ImapAccount.builder()
        .host(System.getenv("IMAP_HOST"))
        .username(System.getenv("IMAP_USER"))
        .build();
    DataSource database = SqliteDataSources.forFile(Path.of("mailmind-data", "example.db"));
    try (MailStore store = JdbcMailStore.builder(database).build()) {
      System.out.println(syncThroughQueue(store, account, System.getenv("IMAP_PASSWORD")));
    }
  }

  /** The part to copy: your executor goes into the builder; Mailmind does not close it, you do. */
  static String syncThroughQueue(MailStore store, ImapAccount account, String password) {
    try (QueueTaskExecutor executor = new QueueTaskExecutor();
         Mailmind mailmind = Mailmind.builder()
             .store(store)
             .accounts(account)
             .credentials(acct -> Credentials.password(password))
             .executor(executor)
             .build()) {
      SyncReport report = mailmind.sync(account);
      return report.messagesNew() + " new messages; tasks run through the queue: " + executor.counts();
    }
  }
}
