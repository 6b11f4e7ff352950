package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.SyncReport;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * {@code watch}: a full sync, then follows the account in real time (IDLE, or polling where the server has
 * no IDLE; IDLE starts with the sync and reports new mail once the sync has stored it), printing one JSON line per event, until SIGINT or SIGTERM; then closes everything and exits 0.
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
      mailmind.start(); // one sync now (then every syncInterval), and IDLE
      SyncReport first = awaitFirstSync(mailmind, connection.account().id(), stop);
      if (first != null && first.folders() == 0 && failures.firstFailure() != null && !stop.requested()) {
        throw new CommandFailedException("the first sync failed: " + Failures.describe(failures.firstFailure()));
      }
      if (!stop.requested()) stop.awaitStop();
      status = 0;
    } finally {
      context.out().flush();
      stop.cleanedUp(status);
    }
    return status;
  }

  /**
   * The report of the account's first sync, or null when a stop closed the engine before it ended. The scheduled
   * sync that {@link Mailmind#start()} runs at once is that first sync: no second one is run before following.
   */
  static SyncReport awaitFirstSync(Mailmind mailmind, String accountId, StopSignal stop) throws InterruptedException {
    try {
      return mailmind.firstSync(accountId).get();
    } catch (ExecutionException e) {
      if (stop.requested()) return null;
      throw new CommandFailedException("the first sync failed: " + Failures.describe(e.getCause()), e.getCause());
    }
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
