package io.mailmind.examples.cli;

import io.mailmind.core.MailmindException;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code export}: every stored message of the store (or of one account) as one JSON line, ordered by account,
 * server folder and UID.
 */
final class ExportCommand {
  static final Set<String> VALUED = SyncCommand.union(Database.VALUED, Set.of("account"));
  static final Set<String> FLAGS = Set.of();

  private ExportCommand() {}

  static int run(CommandLine line, CliContext context) {
    String url = existingH2(Database.url(line, Database.DEFAULT_URL));
    requireExistingSqlite(url);
    String account = line.value("account").orElse(null);
    if (account != null && account.isBlank()) throw line.usage("option --account must not be blank");
    PrintStream out = context.out();
    long[] count = {0};
    try (Database database = Database.open(url, line, context)) {
      try {
        database.store().forEachMessage(account, message -> {
          out.print(MessageJson.line(message));
          count[0]++;
          if (out.checkError()) throw new OutputClosed();
        });
      } catch (OutputClosed e) {
        // handled below, with the final flush
      }
      if (account != null && count[0] == 0 && database.store().folders(account).isEmpty()) {
        context.err().println("export: no account '" + account + "' is stored in " + Redact.jdbcUrl(url)
            + " (nothing to export)");
      }
    } catch (MailmindException e) {
      throw new CommandFailedException("export failed after " + count[0] + " messages: " + Failures.describe(e), e);
    } finally {
      out.flush();
    }
    if (out.checkError()) {
      // `export | head -n 1`: the reader has what it wanted and closed the pipe; that ends the export, quietly.
      if (out instanceof Stdout stdout && stdout.readerGone()) return 0;
      throw new CommandFailedException("export: writing to stdout failed after " + count[0] + " messages");
    }
    return 0;
  }

  /** Ends the export early: stdout cannot be written any more. */
  private static final class OutputClosed extends RuntimeException {
    OutputClosed() {
      super(null, null, false, false);
    }
  }

  /** Export reads: a SQLite file that does not exist is an error, not a new empty database. */
  static void requireExistingSqlite(String url) {
    java.util.Optional<java.nio.file.Path> file = io.mailmind.jdbc.SqliteDataSources.fileOf(url);
    if (file.isPresent() && !java.nio.file.Files.isRegularFile(file.get())) {
      throw new CommandFailedException("there is no SQLite database at " + file.get());
    }
  }

  /** Export reads: an H2 file database that does not exist is an error, not a new empty database. */
  static String existingH2(String url) {
    boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
    if (!h2File || url.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS")) return url;
    return url + ";IFEXISTS=TRUE";
  }
}
