package io.mailmind.core.spi;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on an executor service with at most N tasks of one account running at once; the rest wait in a
 * per-account queue (no thread is blocked waiting for a permit). {@link MailTask.SyncAccount} only
 * orchestrates and waits, so it does not take a permit.
 */
final class PerAccountExecutor implements TaskExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(PerAccountExecutor.class);

  /** How long {@link #close()} waits for running tasks. */
  static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(10);

  private final int perAccount;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private PerAccountExecutor(int perAccount, ExecutorService executor, boolean ownsExecutor) {
    this.perAccount = perAccount;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  static PerAccountExecutor create(int perAccount, ExecutorService executor) {
    if (perAccount < 1) {
      throw new IllegalArgumentException("maxConcurrencyPerAccount was '" + perAccount + "' but it must be at least 1");
    }
    return executor != null
        ? new PerAccountExecutor(perAccount, executor, false)
        : new PerAccountExecutor(perAccount, Threads.newThreadPerTask("mailmind-task"), true);
  }

  @Override
  public CompletionStage<Void> submit(MailTask task, TaskHandler handler) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new RejectedExecutionException("TaskExecutor is closed"));
      return done;
    }
    Runnable job = () -> {
      try {
        handler.handle(task);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    };
    if (task instanceof MailTask.SyncAccount) {
      dispatch(job, done, null);
    } else {
      lanes.computeIfAbsent(task.accountId(), id -> new Lane()).offer(job, done);
    }
    return done;
  }

  private void dispatch(Runnable job, CompletableFuture<Void> done, Lane lane) {
    try {
      executor.execute(() -> {
        try {
          job.run();
        } finally {
          if (lane != null) lane.release();
        }
      });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e);
      if (lane != null) lane.release();
    }
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_WAIT);
  }

  @Override
  public void close(Duration timeout) {
    if (closed) return;
    closed = true;
    if (!ownsExecutor) return;
    executor.shutdown();
    try {
      if (!executor.awaitTermination(Math.max(timeout.toNanos(), 0), TimeUnit.NANOSECONDS)) {
        LOG.warn("mailmind-task executor: tasks still running after {}, interrupting them", timeout);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PerAccountExecutor[perAccount=" + perAccount + ", virtual=" + Threads.virtual() + "]";
  }

  /** The queue and permits of one account. */
  private final class Lane {
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Object[]> waiting = new ArrayDeque<>();
    private int running;

    void offer(Runnable job, CompletableFuture<Void> done) {
      lock.lock();
      try {
        if (running >= perAccount) {
          waiting.add(new Object[] {job, done});
          return;
        }
        running++;
      } finally {
        lock.unlock();
      }
      dispatch(job, done, this);
    }

    @SuppressWarnings("unchecked")
    void release() {
      Object[] next;
      lock.lock();
      try {
        next = waiting.poll();
        if (next == null) {
          running--;
          return;
        }
      } finally {
        lock.unlock();
      }
      dispatch((Runnable) next[0], (CompletableFuture<Void>) next[1], this);
    }
  }
}
