package io.mailmind.core.internal.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and phase end times of one account sync. Thread-safe. */
final class RunStats {
  private final long startNanos = System.nanoTime();
  final java.util.List<io.mailmind.core.model.FolderSyncResult> folderResults =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  final AtomicLong messagesNew = new AtomicLong();
  final AtomicLong messagesUpdated = new AtomicLong();
  final AtomicLong messagesDeleted = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  /** What the folder syncs of this run wrote, read back at its end. */
  final ReadBack readBack = new ReadBack();
  /** What the store held pending when the account sync began (set once it has listed the folders). */
  volatile PendingWork pending = PendingWork.NONE;
  private final AtomicLong metadataDone = new AtomicLong();
  private final AtomicLong contentDone = new AtomicLong();
  private final AtomicLong markdownDone = new AtomicLong();

  void metadataCommitted() {
    metadataDone.accumulateAndGet(System.nanoTime() - startNanos, Math::max);
  }

  void contentCommitted() {
    contentDone.accumulateAndGet(System.nanoTime() - startNanos, Math::max);
  }

  void markdownCommitted() {
    markdownDone.accumulateAndGet(System.nanoTime() - startNanos, Math::max);
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  Duration metadataDone() {
    return Duration.ofNanos(metadataDone.get());
  }

  Duration contentDone() {
    return Duration.ofNanos(contentDone.get());
  }

  Duration markdownDone() {
    return Duration.ofNanos(markdownDone.get());
  }
}
