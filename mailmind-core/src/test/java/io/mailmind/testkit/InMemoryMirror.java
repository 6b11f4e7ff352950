package io.mailmind.testkit;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.SyncReport;
import java.io.PrintStream;

/**
 * Drives the engine from a {@code main}: mirrors one account into an {@link InMemoryMailStore} and prints what
 * it holds. For trying the engine against a server without any database.
 *
 * <pre>IMAP_PASSWORD=secret java ... io.mailmind.testkit.InMemoryMirror HOST PORT USER [tls|starttls|plain]</pre>
 */
public final class InMemoryMirror {
  private InMemoryMirror() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: InMemoryMirror HOST PORT USER [tls|starttls|plain]  (password in $IMAP_PASSWORD)");
      return;
    }
    String password = System.getenv("IMAP_PASSWORD");
    run(args[0], Integer.parseInt(args[1]), args[2],
        Security.valueOf(args.length > 3 ? args[3].toUpperCase(java.util.Locale.ROOT) : "TLS"),
        password == null ? "" : password, System.out);
  }

  /** Mirrors the account, prints a summary to {@code out}, and returns the store. */
  public static InMemoryMailStore run(String host, int port, String user, Security security, String password,
      PrintStream out) {
    InMemoryMailStore store = new InMemoryMailStore();
    ImapAccount account = ImapAccount.builder().host(host).port(port).username(user).security(security).build();
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password(password)).build()) {
      SyncReport report = mailmind.sync(account);
      out.printf("%s: %d folders, %d messages (%d new), %d bytes, %d errors%n", report.accountId(), report.folders(),
          report.messagesTotal(), report.messagesNew(), report.bytes(), report.errors());
      for (Folder folder : store.folders(account.id())) {
        long count = store.newestFirst(folder.id(), 0, Integer.MAX_VALUE).size();
        out.printf("  %-20s %-20s %d%n", folder.id().imapFolder(), folder.name(), count);
      }
    }
    return store;
  }
}
