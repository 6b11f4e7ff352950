package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.model.SyncReport;
import java.time.Clock;
import java.util.Set;

/**
 * {@code watch}: a full sync, then follows the account in real time (IDLE, or polling where the server has
 * no IDLE), printing one JSON line per event, until SIGINT or SIGTERM; then closes everything and exits 0.
 * Exits 1 when the first sync could not sync a single folder (no connection, refused login).
 */
final class WatchCommand {
  static final Set<String> VALUED = SyncCommand.VALUED;
  static final Set<String> FLAGS = SyncCommand.FLAGS;

  private WatchCommand() {}

  static int run(CommandLine line, CliContext context) throws InterruptedException {
    ConnectionSettings connection = ConnectionSettings.from(line, context);
    String url = Database.url(line, Database.DEFAULT_URL);
    StopSignal stop = context.stopSignal().get();
    EventPrinter printer = new EventPrinter(context.out(), Clock.systemUTC());
    FailureTracker failures = new FailureTracker();
    int status = 1;
    try (Database database = Database.open(url, line, context);
         Mailmind mailmind = Mailmind.builder()
             .store(database.store())
             .accounts(connection.account())
             .credentials(connection.credentials())
             .syncOptions(connection.syncOptions())
             .idleOptions(IdleOptions.defaults())
             .listener(failures)
             .listener(printer)
             .build()) {
      if (connection.defaultId()) {
        HostSpellings.warnIfStoredUnderAnotherSpelling(connection.account(), database.store(), context.err());
      }
      Thread closer = new Thread(() -> closeOnStop(stop, mailmind), "mailmind-watch-stop");
      closer.setDaemon(true);
      closer.start();
      try {
        SyncReport first = mailmind.sync(connection.account());
        if (first.folders() == 0 && failures.firstFailure() != null && !stop.requested()) {
          throw new CommandFailedException("the first sync failed: " + Failures.describe(failures.firstFailure()));
        }
      } catch (MailmindException e) {
        if (!stop.requested()) throw new CommandFailedException("the first sync failed: " + Failures.describe(e), e);
      }
      if (!stop.requested()) {
        mailmind.start(); // IDLE, and periodic syncs; each announces the mail that arrived since the last one
        stop.awaitStop();
      }
      status = 0;
    } finally {
      context.out().flush();
      stop.cleanedUp(status);
    }
    return status;
  }

  /** Stops the engine as soon as a stop is requested, even while the first sync is still running. */
  private static void closeOnStop(StopSignal stop, Mailmind mailmind) {
    try {
      stop.awaitStop();
      mailmind.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
