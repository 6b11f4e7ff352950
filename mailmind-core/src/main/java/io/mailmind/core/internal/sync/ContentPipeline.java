package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.util.Failures;
import io.mailmind.core.spi.MailTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * The content phase of one account: a queue of content batches, each run as a chain fetch → store through the
 * task submitter, with at most {@code maxChains} chains in flight (so at most that many fetched batches are held in
 * memory), and Markdown tasks that run beside them without holding them back. It also tracks, per folder sync,
 * the content work still outstanding and the new mail that waits for its content (see {@link Progress}).
 * Thread-safe.
 */
final class ContentPipeline {
  private final TaskSubmitter tasks;
  private final BiConsumer<String, Throwable> onFailure;
  private final int maxChains;
  private final int maxMarkdown;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Deque<MailTask.FetchContentBatch> fetches = new ArrayDeque<>();
  private final Deque<MailTask.RenderMarkdown> markdown = new ArrayDeque<>();
  private final Map<FolderKey, Progress> progress = new HashMap<>();
  private int chainsInFlight;
  private int markdownInFlight;
  /** While positive, queued content batches wait: an account sync is still storing metadata. */
  private int holds;

  /** A folder under one UIDVALIDITY. */
  private record FolderKey(String imapFolder, long uidValidity) {}

  /**
   * The outstanding content work of one folder (and UIDVALIDITY), begun by a folder sync: when the last of it ends
   * without a failure, {@code onClean} runs (the folder sync then marks the folder complete in its checkpoint).
   * It also holds the new mail the folder sync found (UIDs above the folder's previous UIDNEXT), which is
   * announced as each message's content is stored (see {@link #takeNewMail}).
   */
  static final class Progress {
    private final FolderKey key;
    private final Set<Long> newMail = new HashSet<>();
    private int outstanding;
    private boolean failed;
    private Runnable onClean;

    private Progress(FolderKey key) {
      this.key = key;
    }
  }

  /**
   * Starts tracking a folder sync's content work; the caller holds it until {@link #end}.
   *
   * @param newMail the UIDs of the folder sync that are new mail, to be announced once their content is stored
   */
  Progress begin(String imapFolder, long uidValidity, Runnable onClean, Collection<Long> newMail) {
    lock.lock();
    try {
      Progress p = progress.computeIfAbsent(new FolderKey(imapFolder, uidValidity), Progress::new);
      p.outstanding++;
      p.onClean = onClean;
      p.newMail.addAll(newMail);
      return p;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Those of {@code stored} (messages whose content was just committed) that a folder sync found as new mail,
   * ascending; each is returned once.
   */
  List<Long> takeNewMail(String imapFolder, long uidValidity, Collection<Long> stored) {
    lock.lock();
    try {
      Progress p = progress.get(new FolderKey(imapFolder, uidValidity));
      if (p == null || p.newMail.isEmpty()) return List.of();
      List<Long> out = new ArrayList<>();
      for (Long uid : stored) {
        if (p.newMail.remove(uid)) out.add(uid);
      }
      out.sort(null);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Releases the caller's hold; {@code failed} marks the folder's content as incomplete. */
  void end(Progress p, boolean failed) {
    settle(p.key, failed);
  }

  private void hold(String imapFolder, long uidValidity) {
    Progress p = progress.get(new FolderKey(imapFolder, uidValidity));
    if (p != null) p.outstanding++;
  }

  private void settle(FolderKey key, boolean failed) {
    Runnable clean = null;
    lock.lock();
    try {
      Progress p = progress.get(key);
      if (p == null) return;
      p.failed |= failed;
      if (--p.outstanding == 0) {
        progress.remove(key);
        if (!p.failed) clean = p.onClean;
      }
    } finally {
      lock.unlock();
    }
    if (clean != null) clean.run();
  }

  /**
   * @param onFailure reports a content batch or Markdown task that failed (what, failure); not called for a
   *                  {@link ContentIncompleteException}, whose messages were reported one by one
   */
  ContentPipeline(TaskSubmitter tasks, BiConsumer<String, Throwable> onFailure, int maxChains, int maxMarkdown) {
    this.tasks = tasks;
    this.onFailure = onFailure;
    this.maxChains = maxChains;
    this.maxMarkdown = maxMarkdown;
  }

  /**
   * Keeps queued content batches from starting until {@link #release()}: an account sync stores the metadata of
   * every folder first, so all new messages are listed before the CPU and connections go to content.
   */
  void hold() {
    lock.lock();
    try {
      holds++;
    } finally {
      lock.unlock();
    }
  }

  /** Ends a {@link #hold()}; queued batches start. */
  void release() {
    lock.lock();
    try {
      holds--;
    } finally {
      lock.unlock();
    }
    pump();
  }

  void enqueue(MailTask.FetchContentBatch batch) {
    lock.lock();
    try {
      hold(batch.imapFolder(), batch.uidValidity());
      fetches.add(batch);
    } finally {
      lock.unlock();
    }
    pump();
  }

  void enqueue(MailTask.RenderMarkdown task) {
    lock.lock();
    try {
      hold(task.imapFolder(), task.uidValidity());
      markdown.add(task);
    } finally {
      lock.unlock();
    }
    pump();
  }

  private void pump() {
    while (true) {
      MailTask.FetchContentBatch fetch = null;
      MailTask.RenderMarkdown render = null;
      lock.lock();
      try {
        if (holds == 0 && chainsInFlight < maxChains && !fetches.isEmpty()) {
          fetch = fetches.poll();
          chainsInFlight++;
        } else if (markdownInFlight < markdownLimit() && !markdown.isEmpty()) {
          render = markdown.poll();
          markdownInFlight++;
        } else {
          return;
        }
      } finally {
        lock.unlock();
      }
      if (fetch != null) startChain(fetch);
      else startMarkdown(render);
    }
  }

  /**
   * Markdown tasks in flight: {@code maxMarkdown} beside content batches, so they never hold back the content;
   * once no content is queued or in flight, as many as the content chains had (every core on a small machine).
   */
  private int markdownLimit() {
    return chainsInFlight == 0 && fetches.isEmpty() ? Math.max(maxMarkdown, maxChains) : maxMarkdown;
  }

  private void startChain(MailTask.FetchContentBatch fetch) {
    MailTask.StoreBatch store = new MailTask.StoreBatch(fetch.accountId(), fetch.imapFolder(), fetch.uidValidity(),
        Spools.idFor(fetch));
    CompletionStage<Void> chain = tasks.submit(fetch).thenCompose(ignored -> tasks.submit(store));
    chain.whenComplete((ignored, failure) -> {
      if (failure != null && !(Failures.unwrap(failure) instanceof ContentIncompleteException)) {
        onFailure.accept("content batch of " + fetch.imapFolder() + " " + fetch.uids(), failure);
      }
      settle(new FolderKey(fetch.imapFolder(), fetch.uidValidity()), failure != null);
      finished(true);
    });
  }

  private void startMarkdown(MailTask.RenderMarkdown render) {
    tasks.submit(render).whenComplete((ignored, failure) -> {
      if (failure != null) onFailure.accept("markdown of " + render.imapFolder() + " " + render.uids(), failure);
      settle(new FolderKey(render.imapFolder(), render.uidValidity()), failure != null);
      finished(false);
    });
  }

  private void finished(boolean chain) {
    lock.lock();
    try {
      if (chain) chainsInFlight--;
      else markdownInFlight--;
      if (chainsInFlight == 0 && markdownInFlight == 0 && fetches.isEmpty() && markdown.isEmpty()) idle.signalAll();
    } finally {
      lock.unlock();
    }
    pump();
  }

  /** Waits until every queued batch and Markdown task has run. */
  void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (chainsInFlight > 0 || markdownInFlight > 0 || !fetches.isEmpty() || !markdown.isEmpty()) {
        idle.await(1, TimeUnit.SECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Drops queued work (on close). */
  void clear() {
    lock.lock();
    try {
      fetches.clear();
      markdown.clear();
      progress.clear();
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
