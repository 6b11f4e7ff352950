package io.mailmind.core.internal.engine;

import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The report of each account's first sync since the engine was built, as a future that callers can wait on
 * before or after it ends. Listens last, so that the host's own listeners have seen the report when a waiting
 * caller wakes up. One entry per account that was synced or asked for. Thread-safe.
 */
final class FirstSyncs implements EventListener {
  private final Map<String, CompletableFuture<SyncReport>> first = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A copy of the account's future: a caller that completes or cancels it changes no one else's. */
  CompletableFuture<SyncReport> of(String accountId) {
    CompletableFuture<SyncReport> future = first.computeIfAbsent(accountId, id -> new CompletableFuture<>());
    if (closed) closeOne(accountId, future);
    return future.copy();
  }

  @Override
  public void onSyncFinished(SyncReport report) {
    first.computeIfAbsent(report.accountId(), id -> new CompletableFuture<>()).complete(report);
  }

  /** Fails every future still waiting: no sync runs after the engine is closed. */
  void close() {
    closed = true;
    first.forEach(FirstSyncs::closeOne);
  }

  private static void closeOne(String accountId, CompletableFuture<SyncReport> future) {
    future.completeExceptionally(new IllegalStateException(
        "Mailmind was closed before the first sync of " + accountId + " ended"));
  }
}
