package io.mailmind.examples;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.spi.MailStore;
import io.mailmind.jdbc.JdbcMailStore;
import java.nio.file.Path;
import io.mailmind.jdbc.SqliteDataSources;
import javax.sql.DataSource;

/**
 * A custom store in use: one sync into SQLite that also leaves every message's Markdown in
 * {@code mailmind-data/markdown}. Run with {@code IMAP_HOST}, {@code IMAP_USER} and {@code IMAP_PASSWORD} set.
 */
public final class MarkdownFilesExample {
  private MarkdownFilesExample() {}

  public static void main(String[] args) {
    ImapAccount account = ImapAccount.builder()
        .host(System.getenv("IMAP_HOST"))
        .username(System.getenv("IMAP_USER"))
        .build();
    DataSource database = SqliteDataSources.forFile(Path.of("mailmind-data", "example.db"));
    try (MailStore store = new MarkdownFilesStore(JdbcMailStore.builder(database).build(),
        Path.of("mailmind-data", "markdown"))) {
      syncOnce(store, account, System.getenv("IMAP_PASSWORD"));
      System.out.println("Markdown files are in " + Path.of("mailmind-data", "markdown").toAbsolutePath());
    }
  }

  /** One sync of {@code account} into {@code store}. */
  static void syncOnce(MailStore store, ImapAccount account, String password) {
    try (Mailmind mailmind = Mailmind.builder()
        .store(store)
        .accounts(account)
        .credentials(acct -> Credentials.password(password))
        .build()) {
      mailmind.sync(account);
    }
  }
}
