package io.mailmind.core.internal.status;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.model.AccountStatus;
import io.mailmind.core.model.AccountStatus.LastError;
import io.mailmind.core.model.AccountStatus.LastSync;
import io.mailmind.core.model.AccountStatus.State;
import io.mailmind.core.model.ErrorKind;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.SyncPhase;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MetricsRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine records of each account as it works (its syncs, its last error, its pending messages), read as
 * {@link AccountStatus} snapshots, and what it measures, passed on to the host's {@link MetricsRecorder} (which
 * may throw: logged once at WARN, then at DEBUG, and ignored). The parts call it where the work happens: the
 * account sync, the task handler, the content store, the connection pool, the IDLE watcher; errors through
 * {@code internal.event.Listeners}. Thread-safe.
 */
public final class Telemetry {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

  private final Clock clock;
  private final LongSupplier nanoTime;
  private final MetricsRecorder recorder;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private final AtomicBoolean recorderFailed = new AtomicBoolean();

  /**
   * @param clock    dates states, syncs and errors
   * @param nanoTime the monotonic time durations are measured with
   */
  public Telemetry(Clock clock, LongSupplier nanoTime, MetricsRecorder recorder) {
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.recorder = recorder;
  }

  /** Records nothing anyone reads: for parts used without an engine (tests, benchmarks). */
  public static Telemetry none() {
    return new Telemetry(Clock.systemUTC(), System::nanoTime, MetricsRecorder.NONE);
  }

  /** The monotonic time, for {@link #phase}. */
  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** An account sync begins. */
  public void syncStarted(String accountId) {
    Account account = account(accountId);
    synchronized (account) {
      account.lastSync = new LastSync(clock.instant(), null, LastSync.Outcome.RUNNING);
    }
  }

  /** An account sync ended with {@code report}, or without one (it was stopped by a failure). */
  public void syncEnded(String accountId, SyncReport report) {
    Account account = account(accountId);
    synchronized (account) {
      Instant started = account.lastSync != null ? account.lastSync.started() : clock.instant();
      boolean succeeded = report != null && report.errors() == 0;
      account.lastSync = new LastSync(started, clock.instant(),
          succeeded ? LastSync.Outcome.SUCCEEDED : LastSync.Outcome.FAILED);
      if (report != null) account.messagesPending = report.messagesPending();
    }
  }

  /** An error was reported for the account (once per report, as listeners see it). */
  public void error(String accountId, MailmindException error) {
    ErrorKind kind = kind(error);
    Account account = account(accountId);
    synchronized (account) {
      account.lastError = new LastError(String.valueOf(error.getMessage()), kind, clock.instant());
    }
    record(r -> r.error(accountId, kind));
  }

  /** A unit of work of the account ended; {@code startNanos} is the {@link #nanoTime()} it began at. */
  public void phase(String accountId, SyncPhase phase, long startNanos) {
    Duration duration = Duration.ofNanos(Math.max(0, nanoTime() - startNanos));
    record(r -> r.phase(accountId, phase, duration));
  }

  public void messagesStored(String accountId, long messages, long bytes) {
    record(r -> r.messagesStored(accountId, messages, bytes));
  }

  public void connectionOpened(String accountId) {
    record(r -> r.connectionOpened(accountId));
  }

  public void connectionClosed(String accountId) {
    record(r -> r.connectionClosed(accountId));
  }

  public void following(String accountId, boolean following) {
    record(r -> r.following(accountId, following));
  }

  public void reconnect(String accountId) {
    record(r -> r.reconnect(accountId));
  }

  private void record(Consumer<MetricsRecorder> call) {
    try {
      call.accept(recorder);
    } catch (Throwable t) {
      if (recorderFailed.compareAndSet(false, true)) {
        LOG.warn("MetricsRecorder {} threw; ignored (further failures at DEBUG)", recorder.getClass().getName(), t);
      } else {
        LOG.debug("MetricsRecorder {} threw; ignored: {}", recorder.getClass().getName(), t.toString());
      }
    }
  }

  /**
   * The status of every account that is active or that the engine has worked for, by account id.
   *
   * @param active    the ids of the active accounts, or null when the account source failed (the known accounts
   *                  are then taken as active)
   * @param owned     whether this node owns an account
   * @param followed  what the IDLE watchers report, by account id (empty when nothing is followed)
   */
  public List<AccountStatus> status(Set<String> active, Predicate<String> owned, Map<String, FollowedAccount> followed) {
    Instant now = clock.instant();
    Set<String> ids = new TreeSet<>(accounts.keySet());
    if (active != null) ids.addAll(active);
    ids.addAll(followed.keySet());
    List<AccountStatus> statuses = new ArrayList<>(ids.size());
    for (String id : ids) {
      Account account = account(id);
      synchronized (account) {
        State state;
        Instant since = null;
        FollowedAccount watcher = followed.get(id);
        if (active != null && !active.contains(id)) {
          state = State.DISABLED;
        } else if (!owned.test(id)) {
          state = State.NOT_OWNED;
        } else if (watcher != null && watcher.state() != FollowedAccount.State.STOPPED) {
          state = switch (watcher.state()) {
            case CONNECTING -> State.CONNECTING;
            case IDLING, POLLING -> State.FOLLOWING;
            case RECONNECTING -> State.RECONNECTING;
            default -> State.ERROR;
          };
          since = watcher.since();
        } else if (account.lastError != null && stopsTheAccount(account.lastError.kind())
            && (account.lastSync == null || !account.lastError.at().isBefore(account.lastSync.started()))) {
          state = State.ERROR;
          since = account.lastError.at();
        } else {
          state = State.SCHEDULED;
        }
        if (state != account.state) {
          account.state = state;
          account.since = since != null ? since : now;
        } else if (since != null) {
          account.since = since;
        }
        statuses.add(new AccountStatus(id, state, account.since, account.lastSync, account.lastError,
            account.messagesPending));
      }
    }
    return List.copyOf(statuses);
  }

  private static boolean stopsTheAccount(ErrorKind kind) {
    return kind == ErrorKind.AUTHENTICATION || kind == ErrorKind.CONFIGURATION;
  }

  /** The kind of a failure, as the status and the metrics name it. */
  public static ErrorKind kind(MailmindException error) {
    if (error instanceof MailConnectionException connection) {
      return switch (connection.kind()) {
        case TRANSIENT -> ErrorKind.CONNECTION;
        case AUTHENTICATION -> ErrorKind.AUTHENTICATION;
        case CONFIGURATION -> ErrorKind.CONFIGURATION;
        case PROTOCOL -> ErrorKind.PROTOCOL;
      };
    }
    return error instanceof MailStoreException ? ErrorKind.STORE : ErrorKind.OTHER;
  }

  private Account account(String accountId) {
    return accounts.computeIfAbsent(accountId, id -> new Account());
  }

  /** What is recorded of one account; guarded by its own monitor (never held around I/O). */
  private static final class Account {
    State state;
    Instant since;
    LastSync lastSync;
    LastError lastError;
    long messagesPending = -1;
  }
}
