package io.mailmind.core.internal.idle;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;
import io.mailmind.core.internal.imap.ConnectLimiter;
import io.mailmind.core.internal.util.Failures;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one account on its own thread: connect, catch up (the new-mail unit), then IDLE (or poll) and run the
 * new-mail unit whenever the server reports a change, until stopped. A lost connection is reported once
 * ({@code onConnectionLost}), retried with exponential backoff and jitter, and reported back
 * ({@code onConnectionRestored}) when a new connection is up; every reconnect runs the new-mail unit, which diffs
 * UIDs, so mail that arrived meanwhile is not missed. A wrong password (or an unusable TLS setup) puts the account
 * in {@link State#ERROR} with one {@code onError}, and the next try waits a long delay; the supervisor starts
 * a fresh watcher at once when the account record changes.
 *
 * <p>Thread-safe: {@link #stop()} and the getters may be called from any thread.
 */
final class AccountWatcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AccountWatcher.class);

  private final ImapAccount account;
  private final IdleSupervisor supervisor;
  private final IdleSettings settings;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile SocketTracker sockets;
  private volatile IdleConnection connection;
  private volatile CompletableFuture<Void> newMailRun;
  private final Clock clock;
  /** The state, since when, and the last failure, replaced whole so that a reader sees the three together. */
  private volatile FollowedAccount followed;
  private volatile String followedFolder;
  private volatile Thread thread;
  /** Consecutive failed connections; reset by a connection that completed a round. */
  private int failures;

  AccountWatcher(ImapAccount account, IdleSupervisor supervisor) {
    this.account = account;
    this.supervisor = supervisor;
    this.settings = supervisor.settings();
    this.clock = supervisor.context().clock();
    this.followed = new FollowedAccount(account.id(), State.CONNECTING, clock.instant(), null);
  }

  ImapAccount account() {
    return account;
  }

  /** What the host sees of this watcher: its state, since when, and the last failure. */
  FollowedAccount followed() {
    return followed;
  }

  private void enter(State state) {
    enter(state, followed.lastError());
  }

  /** Moves to {@code state}; {@code since} changes only when the state does. Only the watcher's thread writes. */
  private void enter(State state, String lastError) {
    FollowedAccount current = followed;
    if (current.state() == state && Objects.equals(current.lastError(), lastError)) return;
    Instant since = current.state() == state ? current.since() : clock.instant();
    followed = new FollowedAccount(account.id(), state, since, lastError);
    boolean wasFollowing = following(current.state());
    if (wasFollowing != following(state)) supervisor.listeners().telemetry().following(account.id(), !wasFollowing);
  }

  private static boolean following(State state) {
    return state == State.IDLING || state == State.POLLING;
  }

  /** The folder followed by the current or last connection (the engine's name), or null before the first one. */
  String followedFolder() {
    return followedFolder;
  }

  /** Sockets open for the IDLE connection now. */
  int openSockets() {
    IdleConnection current = connection;
    return current == null ? 0 : current.openSockets();
  }

  void start(IdleThreads threads) {
    Thread created = threads.newThread("mailmind-idle-" + account.id(), this);
    thread = created;
    created.start();
  }

  /** Asks the watcher to stop; returns at once. Ends a blocked read by closing the connection's sockets. */
  void stop() {
    stopping = true;
    stop.countDown();
    SocketTracker current = sockets;
    if (current != null) current.abort();
    CompletableFuture<Void> run = newMailRun;
    if (run != null) run.cancel(false);
  }

  boolean stopRequested() {
    return stopping;
  }

  /** True when the thread has ended (or never started). */
  boolean terminated() {
    Thread current = thread;
    return current == null || !current.isAlive();
  }

  /** Waits at most {@code timeout} for the thread to end. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    Thread current = thread;
    if (current == null) return true;
    current.join(Math.max(1, timeout.toMillis()));
    return !current.isAlive();
  }

  @Override
  public void run() {
    boolean lost = false;
    boolean inError = false; // an authentication or configuration failure was reported; no connection since
    try {
      while (!stopping) {
        SocketTracker tracker = new SocketTracker();
        sockets = tracker;
        if (stopping) break;
        IdleConnection opened = null;
        try {
          enter(State.CONNECTING);
          if (lost) supervisor.listeners().telemetry().reconnect(account.id());
          ConnectLimiter.Permit permit = supervisor.connecting(this);
          if (permit == null) break;
          try {
            opened = IdleConnection.open(account, supervisor.context().credentials().credentials(account),
                supervisor.context().syncOptions(), tracker);
          } finally {
            permit.close();
          }
          connection = opened;
          supervisor.listeners().telemetry().connectionOpened(account.id());
          supervisor.listeners().worked(account.id());
          followedFolder = opened.imapFolder();
          enter(State.CONNECTING, null);
          inError = false;
          if (lost) {
            lost = false;
            LOG.info("{} - connection restored; following {}", account.id(), opened.imapFolder());
            supervisor.listeners().onConnectionRestored(account.id());
          } else {
            LOG.debug("{} - following {} ({})", account.id(), opened.imapFolder(),
                opened.idleSupported() ? "IDLE" : "polling every " + settings.pollInterval());
          }
          follow(opened);
        } catch (MailConnectionException e) {
          if (stopping) break;
          if (e.kind() == MailConnectionException.Kind.TRANSIENT) {
            if (!lost) {
              lost = true;
              LOG.warn("{} - connection lost: {}; reconnecting with backoff", account.id(), e.getMessage());
              supervisor.listeners().onConnectionLost(account.id(), e);
            } else {
              LOG.debug("{} - reconnect failed: {}", account.id(), e.getMessage());
            }
            enter(State.RECONNECTING, e.getMessage());
            Duration delay = settings.backoff().delay(failures, ThreadLocalRandom.current().nextDouble());
            failures = Math.min(failures + 1, 62);
            if (!sleep(delay)) break;
          } else {
            boolean again = inError;
            inError = true;
            enter(State.ERROR, e.getMessage());
            Duration delay = e.kind() == MailConnectionException.Kind.AUTHENTICATION
                ? settings.errorRetryDelay() : settings.backoff().maxDelay();
            if (again) {
              LOG.debug("{} - still failing: {}; next try in {}", account.id(), e.getMessage(), delay);
            } else {
              LOG.warn("{} - {} failure: {}; next try in {} or when the account changes", account.id(),
                  e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(), delay);
              supervisor.listeners().onError(account.id(), e);
            }
            if (!sleep(delay)) break;
          }
        } catch (RuntimeException e) {
          // The credentials provider threw, or a bug: never let the watcher die, never spin.
          if (stopping) break;
          MailmindException error = asMailmind(e, "following new mail");
          enter(State.RECONNECTING, error.getMessage());
          LOG.warn("{} - following new mail failed: {}", account.id(), e.toString(), e);
          supervisor.listeners().onError(account.id(), error);
          Duration delay = settings.backoff().delay(failures, ThreadLocalRandom.current().nextDouble());
          failures = Math.min(failures + 1, 62);
          if (!sleep(delay)) break;
        } finally {
          connection = null;
          if (opened != null) {
            opened.close();
            supervisor.listeners().telemetry().connectionClosed(account.id());
          } else {
            tracker.abort();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      LOG.error("{} - account watcher died; the supervisor restarts it at its next account refresh", account.id(), t);
    } finally {
      enter(State.STOPPED);
    }
  }

  /**
   * Catches up, then IDLEs (or polls) and runs the new-mail unit after each reported change, until the connection
   * fails (throws) or the watcher stops (returns). A failed new-mail run is retried with backoff while the
   * connection stays up: the backoff is waited on the sleeper (never longer than a quiet IDLE or a poll interval),
   * then a NOOP keeps the connection alive and checks it; IDLE resumes once the run succeeds. Changes reported
   * meanwhile are not lost: the retry diffs UIDs.
   */
  private void follow(IdleConnection current) throws InterruptedException {
    boolean pending = true; // catch-up: mail that arrived while no connection followed the account
    int newMailFailures = 0;
    while (!stopping) {
      if (pending) {
        if (runNewMail(current.imapFolder(), newMailFailures == 0)) {
          pending = false;
          newMailFailures = 0;
        } else {
          newMailFailures++;
        }
        if (stopping) return;
      }
      enter(current.idleSupported() ? State.IDLING : State.POLLING);
      Duration retry = pending
          ? settings.backoff().delay(newMailFailures - 1, ThreadLocalRandom.current().nextDouble()) : null;
      Duration quiet = current.idleSupported() ? settings.reissueInterval() : settings.pollInterval();
      boolean changed;
      if (retry == null && current.idleSupported()) {
        changed = current.idle(quiet, settings.answerTimeout());
      } else {
        if (!sleep(retry != null && retry.compareTo(quiet) < 0 ? retry : quiet)) return;
        changed = current.poll();
      }
      failures = 0; // this connection works: the next loss starts the backoff from the beginning
      pending |= changed;
    }
  }

  /**
   * Runs the new-mail unit and waits for it; returns false when it failed. The first failure of a streak is
   * reported ({@code onError}, WARN); the retries that fail again only at DEBUG, so a store that is down for an
   * hour does not flood the listeners.
   */
  private boolean runNewMail(String imapFolder, boolean firstTry) throws InterruptedException {
    CompletableFuture<Void> run;
    try {
      run = supervisor.context().newMail().newMail(account.id(), imapFolder).toCompletableFuture();
    } catch (RuntimeException e) {
      run = CompletableFuture.failedFuture(e);
    }
    newMailRun = run;
    try {
      if (stopping) run.cancel(false);
      run.get();
      return true;
    } catch (CancellationException e) {
      return false;
    } catch (ExecutionException e) {
      if (stopping) return false;
      MailmindException error = asMailmind(Failures.unwrap(e), "new mail in " + imapFolder);
      if (firstTry) {
        LOG.warn("{}; retrying with backoff while the IDLE connection stays up", error.getMessage());
        supervisor.listeners().onError(account.id(), error);
      } else {
        LOG.debug("{}; retrying", error.getMessage());
      }
      return false;
    } finally {
      newMailRun = null;
    }
  }

  private boolean sleep(Duration duration) throws InterruptedException {
    return !stopping && supervisor.sleeper().sleep(duration, stop) && !stopping;
  }

  private MailmindException asMailmind(Throwable failure, String what) {
    if (failure instanceof MailmindException mailmind) return mailmind;
    return new MailStoreException(account.id() + " - " + what + " failed: " + failure, failure);
  }

  @Override
  public String toString() {
    return "AccountWatcher[" + account.id() + ", " + followed.state() + "]";
  }
}
