package io.mailmind.examples.cli;

import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.Security;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code demo}: no network, no arguments. Starts GreenMail on a free loopback port with the sample mailbox,
 * syncs it into an embedded SQLite file database (the command line's default store), follows the inbox, delivers
 * one more message, waits for the {@code new_mail} event, and prints a readable report.
 */
final class DemoCommand {
  static final Set<String> VALUED = Set.of("db");
  static final Set<String> FLAGS = Set.of();
  static final Path DEFAULT_DIRECTORY = Path.of("mailmind-data");
  static final String DEFAULT_NAME = "demo";
  private static final Duration NEW_MAIL_TIMEOUT = Duration.ofSeconds(60);

  private DemoCommand() {}

  static int run(CommandLine line, CliContext context) throws InterruptedException {
    PrintStream out = context.out();
    String url = line.has("db") ? Database.url(line, null) : freshDefaultDatabase();
    out.println("Mailmind demo: an embedded IMAP server, mirrored into an embedded SQLite database, followed in real time.");
    out.println();
    List<SampleMailbox.Sample> samples = SampleMailbox.messages();
    try (DemoServer server = DemoServer.start(SampleMailbox.USER, SampleMailbox.ME.address(), SampleMailbox.FOLDERS)) {
      for (SampleMailbox.Sample sample : samples) {
        server.append(sample.folder(), sample.message(), sample.flags(), java.util.Date.from(sample.internalDate()));
      }
      say(out, "1. GreenMail IMAP on " + DemoServer.HOST + ":" + server.port() + ", user '" + SampleMailbox.USER
          + "': " + samples.size() + " sample messages in " + String.join(", ", SampleMailbox.FOLDERS));
      ImapAccount account = ImapAccount.builder()
          .id(SampleMailbox.ME.address())
          .host(DemoServer.HOST)
          .port(server.port())
          .security(Security.PLAIN)
          .username(SampleMailbox.USER)
          .build();
      DemoEvents events = new DemoEvents("INBOX");
      try (Database database = Database.open(url, line, context);
           Mailmind mailmind = Mailmind.builder()
               .store(database.store())
               .accounts(account)
               .credentials(ignored -> Credentials.password(server.password()))
               .idleOptions(IdleOptions.defaults())
               .listener(events)
               .build()) {
        SyncReport report = mailmind.sync(account);
        say(out, "2. Synced into " + Redact.jdbcUrl(url) + ": " + DemoReport.syncLine(report));
        if (!line.has("db")) {
          say(out, "   (database file " + DEFAULT_DIRECTORY.resolve(DEFAULT_NAME + ".db").toAbsolutePath() + ")");
        }
        mailmind.start(); // IDLE on INBOX, and periodic syncs starting with one now
        say(out, "3. Following the account (IDLE); delivering one more message to INBOX ...");
        long uid = server.deliver(SampleMailbox.newMail(Instant.now()));
        MessagesEvent event = events.awaitNewMail(uid, NEW_MAIL_TIMEOUT);
        say(out, "   the new_mail event arrived: " + EventPrinter.newMailLine(event).strip());
        DemoReport.print(out, database.store(), account.id());
      }
    } catch (MailmindException e) {
      throw new CommandFailedException(Failures.describe(e), e);
    }
    out.println();
    out.println("Next: ./mailmind export --db " + url + " | head -n 1");
    out.println("      ./mailmind sync --help    (mirror a real account)");
    out.flush();
    return 0;
  }

  private static void say(PrintStream out, String line) {
    out.println(line);
    out.flush();
  }

  /** The default demo database, emptied so that each run starts from scratch. */
  private static String freshDefaultDatabase() {
    try {
      Files.createDirectories(DEFAULT_DIRECTORY);
      for (String suffix : List.of(".db", ".db-wal", ".db-shm")) {
        Files.deleteIfExists(DEFAULT_DIRECTORY.resolve(DEFAULT_NAME + suffix));
      }
    } catch (IOException e) {
      throw new CommandFailedException("cannot prepare " + DEFAULT_DIRECTORY.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return "jdbc:sqlite:./" + DEFAULT_DIRECTORY + "/" + DEFAULT_NAME + ".db";
  }
}
