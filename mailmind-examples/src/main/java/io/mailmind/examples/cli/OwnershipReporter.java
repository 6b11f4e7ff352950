package io.mailmind.examples.cli;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.jdbc.ClusterOwnership;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's ownership as the engine sees it, plus the contract's {@code ownership} line: each time the set of
 * accounts this node follows (active and owned) changes, after every acquisition or release and at least every
 * second (an account enabled or disabled changes the set without a lease changing), and once at start.
 */
final class OwnershipReporter implements AccountOwnership, AutoCloseable {
  private final ClusterOwnership ownership;
  private final AccountSource accounts;
  private final PrintStream out;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "mailmind-ownership-report");
    thread.setDaemon(true);
    return thread;
  });
  private Set<String> last;

  OwnershipReporter(ClusterOwnership ownership, AccountSource accounts, PrintStream out, Clock clock) {
    this.ownership = ownership;
    this.accounts = accounts;
    this.out = out;
    this.clock = clock;
  }

  @Override
  public boolean owns(String accountId) {
    return ownership.owns(accountId);
  }

  @Override
  public void start(Listener engine) {
    ownership.start(new Listener() {
      @Override
      public void released(Set<String> accountIds) {
        engine.released(accountIds);
        report();
      }

      @Override
      public void acquired(Set<String> accountIds) {
        engine.acquired(accountIds);
        report();
      }
    });
    timer.scheduleWithFixedDelay(this::reportQuietly, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    timer.shutdownNow();
    ownership.stop();
  }

  /** Prints the {@code ownership} line when the followed set changed since the last one (always the first time). */
  synchronized void report() {
    List<ImapAccount> active = accounts.activeAccounts();
    Set<String> following = new TreeSet<>();
    for (ImapAccount account : active) {
      if (ownership.owns(account.id())) following.add(account.id());
    }
    if (following.equals(last)) return;
    last = following;
    out.print(new JsonLine().string("event", "ownership").string("node", ownership.nodeId())
        .strings("accounts", following).instantMillis("at", clock.instant()).end());
    out.flush();
  }

  private void reportQuietly() {
    try {
      report();
    } catch (RuntimeException e) {
      // the accounts table did not answer: the next round reports
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
