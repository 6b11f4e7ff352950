package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.util.Failures;
import io.mailmind.core.spi.MailTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * memory), and the Markdown tasks that follow the stored content. It also tracks, per folder sync, the content work
 * still outstanding and the new mail that waits for its content (see {@link Progress}). Thread-safe.
 *
 * <p>Markdown comes after content, as content comes after metadata: the conversion is derived from bodies already
 * stored, and on a machine the sync keeps busy every task beside the content batches takes CPU from them (a cold
 * mirror of the bench's 10,000 messages stored its content about a fifth sooner, and ended at the same time, with
 * its Markdown after the content; bench/README.md). So a Markdown task waits while content batches are queued or
 * running, or metadata is being stored, with two exceptions that take one slot beside them: Markdown of new mail
 * (the host was just told of it), and a task that has waited {@code maxDelay} (a long import shows its Markdown
 * as it goes rather than at its end).
 */
final class ContentPipeline {
  private final TaskSubmitter tasks;
  private final BiConsumer<String, Throwable> onFailure;
  private final int maxChains;
  private final int maxMarkdown;
  private final Clock clock;
  private final Duration maxDelay;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Deque<MailTask.FetchContentBatch> fetches = new ArrayDeque<>();
  /** Markdown of new mail: first in line, and one slot beside content. */
  private final Deque<MailTask.RenderMarkdown> urgent = new ArrayDeque<>();
  /** The other Markdown tasks, oldest first, with when each was queued. */
  private final Deque<Queued> markdown = new ArrayDeque<>();
  private final Map<FolderKey, Progress> progress = new HashMap<>();
  private int chainsInFlight;
  private int markdownInFlight;
  /** While positive, queued content batches wait: an account sync is still storing metadata. */
  private int holds;

  private record Queued(MailTask.RenderMarkdown task, Instant at) {}

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
   * @param onFailure   reports a content batch or Markdown task that failed (what, failure); not called for a
   *                    {@link ContentIncompleteException}, whose messages were reported one by one
   * @param maxMarkdown Markdown tasks in flight beside content (new mail's, or those waiting {@code maxDelay})
   * @param maxDelay    how long a Markdown task waits for content before it takes a slot beside it
   */
  ContentPipeline(TaskSubmitter tasks, BiConsumer<String, Throwable> onFailure, int maxChains, int maxMarkdown,
      Clock clock, Duration maxDelay) {
    this.tasks = tasks;
    this.onFailure = onFailure;
    this.maxChains = maxChains;
    this.maxMarkdown = maxMarkdown;
    this.clock = clock;
    this.maxDelay = maxDelay;
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

  /** @param newMail whether the task converts new mail (it goes first, and beside content) */
  void enqueue(MailTask.RenderMarkdown task, boolean newMail) {
    lock.lock();
    try {
      hold(task.imapFolder(), task.uidValidity());
      if (newMail) urgent.add(task);
      else markdown.add(new Queued(task, clock.instant()));
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
        } else if (!urgent.isEmpty() && markdownInFlight < markdownLimit(true)) {
          render = urgent.poll();
          markdownInFlight++;
        } else if (!markdown.isEmpty() && markdownInFlight < markdownLimit(waited(markdown.peek()))) {
          render = markdown.poll().task();
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
   * Markdown tasks in flight: once no metadata is being stored and no content is queued or in flight, as many as
   * the content chains had (every core on a small machine); before that {@code maxMarkdown} for a task that may go
   * beside content ({@code besideContent}), none for the others.
   */
  private int markdownLimit(boolean besideContent) {
    if (holds == 0 && chainsInFlight == 0 && fetches.isEmpty()) return Math.max(maxMarkdown, maxChains);
    return besideContent ? maxMarkdown : 0;
  }

  /** Whether a queued task has waited {@code maxDelay} for the content. */
  private boolean waited(Queued queued) {
    return !clock.instant().isBefore(queued.at().plus(maxDelay));
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
      if (chainsInFlight == 0 && markdownInFlight == 0 && fetches.isEmpty() && markdown.isEmpty()
          && urgent.isEmpty()) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
    pump();
  }

  /** Waits until every queued batch and Markdown task has run. */
  void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (chainsInFlight > 0 || markdownInFlight > 0 || !fetches.isEmpty() || !markdown.isEmpty()
          || !urgent.isEmpty()) {
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
      urgent.clear();
      progress.clear();
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
