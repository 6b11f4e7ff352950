package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.model.SyncReport;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code sync}: one full synchronisation of one account, then one JSON summary line on stdout. Progress on
 * stderr when it is a terminal. Exit 0 when the run completed, 1 when it or one of its folders failed.
 */
final class SyncCommand {
  static final Set<String> VALUED = union(ConnectionSettings.VALUED, Database.VALUED);
  static final Set<String> FLAGS = ConnectionSettings.FLAGS;

  private SyncCommand() {}

  static int run(CommandLine line, CliContext context) {
    ConnectionSettings connection = ConnectionSettings.from(line, context);
    String url = Database.url(line, Database.DEFAULT_URL);
    FailureTracker failures = new FailureTracker();
    try (Database database = Database.open(url, line, context)) {
      if (connection.defaultId()) {
        HostSpellings.warnIfStoredUnderAnotherSpelling(connection.account(), database.store(), context.err());
      }
      ProgressReporter progress = context.interactive() ? new ProgressReporter(context.err()) : null;
      Mailmind.Builder builder = Mailmind.builder()
          .store(progress != null ? progress.meter(database.store()) : database.store())
          .accounts(connection.account())
          .credentials(connection.credentials())
          .syncOptions(connection.syncOptions())
          .idleOptions(IdleOptions.disabled())
          .listener(failures);
      if (progress != null) builder.listener(progress);
      SyncReport report;
      try (Mailmind mailmind = builder.build()) {
        report = mailmind.sync(connection.account());
      }
      context.out().print(ReportJson.line(report));
      context.out().flush();
      if (failures.firstFailure() != null) {
        context.err().println("mailmind sync: " + report.errors() + " error(s); first: "
            + Failures.describe(failures.firstFailure()));
        return 1;
      }
      return 0;
    } catch (MailmindException e) {
      throw new CommandFailedException(Failures.describe(e), e);
    }
  }

  static Set<String> union(Set<String> first, Set<String> second) {
    Set<String> all = new HashSet<>(first);
    all.addAll(second);
    return Set.copyOf(all);
  }
}
