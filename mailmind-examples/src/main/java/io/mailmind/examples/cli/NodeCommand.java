package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.SyncOptions;
import io.mailmind.jdbc.AccountSecretException;
import io.mailmind.jdbc.ClusterOwnership;
import io.mailmind.jdbc.JdbcAccounts;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * {@code node}: one member of a cluster on a shared database ({@link ClusterOwnership}). Follows (syncs and IDLEs)
 * the active accounts of {@code accounts add} whose lease it holds, printing the {@code watch} events and an
 * {@code ownership} line each time the set of accounts it follows changes; runs until SIGINT or SIGTERM, then
 * stops following, hands its accounts over and exits 0. Exits 1 when the key is wrong or the database cannot be
 * used (an embedded H2 or SQLite file: a cluster needs a database that several processes share), 2 on bad usage.
 */
final class NodeCommand {
  static final Set<String> VALUED = SyncCommand.union(SyncCommand.union(Database.VALUED, SecretKeys.VALUED),
      Set.of("node-id", "sync-interval"));
  static final Set<String> FLAGS = Set.of();
  /** How often the accounts table is re-read (new, enabled and disabled accounts are seen within it and a poll). */
  private static final Duration ACCOUNT_REFRESH = Duration.ofSeconds(3);

  private NodeCommand() {}

  static int run(CommandLine line, CliContext context) throws InterruptedException {
    SecretKeys keys = SecretKeys.from(line, context, true);
    String url = line.required("db");
    refuseEmbedded(url);
    Duration syncInterval = line.durationValue("sync-interval", SyncOptions.defaults().syncInterval());
    String nodeId = line.value("node-id").orElse(null);
    StopSignal stop = context.stopSignal().get();
    EventPrinter printer = new EventPrinter(context.out(), Clock.systemUTC());
    int status = 1;
    try (Database database = Database.open(url, line, context)) {
      JdbcAccounts accounts = keys.applyTo(JdbcAccounts.builder(database.dataSource()))
          .cacheFor(ACCOUNT_REFRESH).build();
      accounts.checkKeys(); // a wrong key is refused before this node takes any account
      ClusterOwnership.Builder cluster = ClusterOwnership.builder(database.dataSource(), accounts);
      if (nodeId != null) cluster.nodeId(nodeId);
      ClusterOwnership ownership = cluster.build();
      OwnershipReporter reporter = new OwnershipReporter(ownership, accounts, context.out(), Clock.systemUTC());
      try (Mailmind mailmind = Mailmind.builder()
          .store(database.store())
          .accounts(accounts)
          .credentials(accounts)
          .ownership(reporter)
          .syncOptions(SyncOptions.builder().syncInterval(syncInterval).build())
          .idleOptions(IdleOptions.builder().accountRefresh(ACCOUNT_REFRESH).build())
          .listener(printer)
          .build()) {
        mailmind.start();
        reporter.report();
        stop.awaitStop();
      } finally {
        reporter.close();
      }
      status = 0;
    } catch (AccountSecretException e) {
      throw new CommandFailedException("the secret key does not decrypt the stored accounts: " + e.getMessage()
          + " (give the key the accounts were added with, or the old one with --old-secret-keys-env)", e);
    } catch (MailmindException e) {
      throw new CommandFailedException(Failures.describe(e), e);
    } finally {
      context.out().flush();
      stop.cleanedUp(status);
    }
    return status;
  }

  /** Refuses, before connecting, databases that only one process can use. */
  static void refuseEmbedded(String url) {
    if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:") || Database.isEmbeddedH2(url)) {
      throw new CommandFailedException("a cluster needs a database that several processes share (PostgreSQL, MariaDB "
          + "or an H2 server over TCP), not an embedded database: " + url);
    }
  }
}
