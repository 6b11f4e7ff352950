package io.mailmind.core.internal.imap;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.status.Telemetry;
import io.mailmind.core.spi.CredentialsProvider;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most N IMAP connections of one account, connected lazily and reused between tasks. Thread-safe. A
 * borrower returns a connection with {@link #release(ImapConnection, boolean)}, saying whether it broke. A new
 * connection is set up (connect and login) only with a slot of the engine's {@link ConnectLimiter}, so that the
 * catch-up syncs of thousands of accounts taken over at once do not all connect together.
 */
public final class ConnectionPool implements AutoCloseable {
  private final ImapAccount account;
  private final CredentialsProvider credentials;
  private final SyncOptions options;
  private final ConnectLimiter connecting;
  private final Telemetry telemetry;
  private final Semaphore permits;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Idle> idle = new ArrayDeque<>();
  /** The connections borrowed now, so that {@link #abort()} can end their work. */
  private final java.util.Set<ImapConnection> inUse = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** An idle connection and when it was released ({@link System#nanoTime()}). */
  private record Idle(ImapConnection connection, long releasedAt) {}
  private volatile boolean closed;
  /** {@link System#nanoTime()} by which the current account sync must end; {@link Long#MAX_VALUE} when none runs. */
  private volatile long syncDeadline = ResponseGuard.NO_DEADLINE;

  public ConnectionPool(ImapAccount account, CredentialsProvider credentials, SyncOptions options,
      ConnectLimiter connecting) {
    this(account, credentials, options, connecting, Telemetry.none());
  }

  /** {@code telemetry} is told of each connection opened and closed. */
  public ConnectionPool(ImapAccount account, CredentialsProvider credentials, SyncOptions options,
      ConnectLimiter connecting, Telemetry telemetry) {
    this.telemetry = telemetry;
    this.account = account;
    this.credentials = credentials;
    this.options = options;
    this.connecting = connecting;
    this.permits = new Semaphore(options.maxConnectionsPerAccount(), true);
  }

  /**
   * An account sync starts: no IMAP command of this pool's connections runs past {@code timeout} from now (see
   * {@link SyncOptions#syncTimeout()}) until {@link #syncEnded()}.
   */
  public void syncStarted(java.time.Duration timeout) {
    syncDeadline = System.nanoTime() + timeout.toNanos();
  }

  public void syncEnded() {
    syncDeadline = ResponseGuard.NO_DEADLINE;
  }

  /** Whether the current account sync has run past its {@link #syncStarted deadline}. */
  public boolean syncDeadlinePassed() {
    long deadline = syncDeadline;
    return deadline != ResponseGuard.NO_DEADLINE && System.nanoTime() - deadline >= 0;
  }

  /** A connected connection; waits for a free one when N are in use. */
  public ImapConnection borrow() {
    if (closed) throw new IllegalStateException(account.id() + " - connection pool is closed");
    try {
      if (!permits.tryAcquire(options.readTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
        throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
            account.id() + " - no IMAP connection free after " + options.readTimeout().multipliedBy(2), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          account.id() + " - interrupted waiting for an IMAP connection", e);
    }
    ImapConnection connection = null;
    lock.lock();
    try {
      while (!idle.isEmpty() && connection == null) {
        ImapConnection candidate = idle.pop().connection();
        if (candidate.isConnected()) connection = candidate;
        else candidate.close();
      }
    } finally {
      lock.unlock();
    }
    if (connection == null) {
      try {
        connection = connect();
      } catch (RuntimeException e) {
        permits.release();
        throw e;
      }
    }
    inUse.add(connection);
    if (closed) connection.abort(); // aborted while connecting: the borrower's first command fails
    return connection;
  }

  /**
   * A new connection, set up with a slot of the limiter: waits for one until the pool closes or the sync's time is
   * up (a failover's catch-up syncs queue here rather than fail).
   */
  private ImapConnection connect() {
    ConnectLimiter.Permit permit;
    try {
      permit = connecting.acquire(account.host(), () -> closed || syncDeadlinePassed());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          account.id() + " - interrupted waiting to connect to " + account.host(), e);
    }
    if (permit == null) {
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT, account.id() + " - "
          + (closed ? "connection pool closed" : "sync timed out") + " while waiting to connect to " + account.host(),
          null);
    }
    try {
      ImapConnection connection =
          ImapConnection.connect(account, credentials.credentials(account), options, () -> syncDeadline);
      telemetry.connectionOpened(account.id());
      connection.onClose(() -> telemetry.connectionClosed(account.id()));
      return connection;
    } finally {
      permit.close();
    }
  }

  public void release(ImapConnection connection, boolean broken) {
    inUse.remove(connection);
    try {
      if (broken || closed || !connection.isConnected()) {
        connection.close();
        return;
      }
      lock.lock();
      try {
        idle.push(new Idle(connection, System.nanoTime()));
      } finally {
        lock.unlock();
      }
    } finally {
      permits.release();
    }
  }

  /**
   * Closes the connections that are still idle {@code linger} from now, unless used again meanwhile: a sync that
   * follows soon after another (new mail, a host's on-demand sync, a retry) skips the connect and login.
   */
  public void closeIdleLater(java.time.Duration linger) {
    long lingerNanos = linger.toNanos();
    ImapSessions.timer().schedule(() -> closeIdleFor(lingerNanos), lingerNanos, TimeUnit.NANOSECONDS);
  }

  private void closeIdleFor(long lingerNanos) {
    java.util.List<ImapConnection> stale = new java.util.ArrayList<>();
    lock.lock();
    try {
      long now = System.nanoTime();
      idle.removeIf(entry -> {
        boolean old = now - entry.releasedAt() >= lingerNanos;
        if (old) stale.add(entry.connection());
        return old;
      });
    } finally {
      lock.unlock();
    }
    for (ImapConnection connection : stale) connection.close();
  }

  /**
   * Closes the pool and ends the work of its connections in use at once: their sockets are closed, so a command
   * in progress fails (the account was released to another node).
   */
  public void abort() {
    close();
    for (ImapConnection connection : List.copyOf(inUse)) connection.abort();
  }

  /** Closes the idle connections; connections in use are closed when released. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      while (!idle.isEmpty()) idle.pop().connection().close();
    } finally {
      lock.unlock();
    }
  }
}
