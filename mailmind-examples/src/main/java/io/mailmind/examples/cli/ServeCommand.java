package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.examples.web.WebInbox;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;

/**
 * {@code serve}: {@code watch} plus a live web inbox ({@link WebInbox}) on 127.0.0.1:{@code --http-port}
 * (default {@value WebInbox#DEFAULT_PORT}; 0 picks a free port). The URL goes to stderr before the first sync;
 * stdout carries the same event lines as {@code watch}. Runs until SIGINT or SIGTERM, then closes everything and
 * exits 0.
 */
final class ServeCommand {
  static final Set<String> VALUED = SyncCommand.union(WatchCommand.VALUED, Set.of("http-port"));
  static final Set<String> FLAGS = WatchCommand.FLAGS;

  private ServeCommand() {}

  static int run(CommandLine line, CliContext context) throws InterruptedException {
    int httpPort = line.intValue("http-port", WebInbox.DEFAULT_PORT, 0, 65535);
    ConnectionSettings connection = ConnectionSettings.from(line, context);
    String url = Database.url(line, Database.DEFAULT_URL);
    StopSignal stop = context.stopSignal().get();
    int status = 1;
    try (Database database = Database.open(url, line, context);
         WebInbox inbox = startInbox(database, connection, httpPort);
         Mailmind mailmind = Mailmind.builder()
             .store(database.store())
             .accounts(connection.account())
             .credentials(connection.credentials())
             .syncOptions(connection.syncOptions())
             .idleOptions(IdleOptions.defaults())
             .listener(new EventPrinter(context.out(), Clock.systemUTC()))
             .listener(inbox.listener())
             .build()) {
      if (connection.defaultId()) {
        HostSpellings.warnIfStoredUnderAnotherSpelling(connection.account(), database.store(), context.err());
      }
      context.err().println("mailmind serve: the inbox of " + connection.account().id() + " is on " + inbox.uri()
          + " (Ctrl-C stops)");
      Thread closer = new Thread(() -> closeOnStop(stop, mailmind), "mailmind-serve-stop");
      closer.setDaemon(true);
      closer.start();
      mailmind.start(); // one sync now (then every syncInterval), and IDLE
      WatchCommand.awaitFirstSync(mailmind, connection.account().id(), stop);
      if (!stop.requested()) stop.awaitStop();
      status = 0;
    } finally {
      context.out().flush();
      stop.cleanedUp(status);
    }
    return status;
  }

  private static WebInbox startInbox(Database database, ConnectionSettings connection, int httpPort) {
    try {
      return WebInbox.builder(database.store(), connection.account().id()).port(httpPort).start();
    } catch (UncheckedIOException e) {
      throw new CommandFailedException(e.getMessage() + " (choose another with --http-port, 0 for any free port)", e);
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
