package io.mailmind.core.internal.sync;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Starts the folder tasks of one account sync in priority order, at most as many at once as the account has IMAP
 * connections: each task that ends starts the next. Submitted all at once, the tasks raced for the connections, and
 * the first folders (INBOX, the largest as a rule) often waited while later ones listed: INBOX's messages became
 * visible last. A task that could not be submitted counts as a failed one.
 */
final class FolderLaunch {
  private final Iterator<String> next;
  private final int window;
  private final Function<String, CompletionStage<Void>> submit;
  private final BiConsumer<String, Throwable> done;
  /**
   * Starts asked for and not yet made; the caller that raised it from 0 makes them, one at a time, so {@link #next}
   * is used by one thread at a time (its atomic updates order the uses).
   */
  private final AtomicInteger requested = new AtomicInteger();

  /**
   * @param folders the folders in the order to start them
   * @param window  how many run at once, at least 1
   * @param submit  submits one folder's task
   * @param done    told of each folder's end, with what it failed with or null; exactly once per folder
   */
  FolderLaunch(List<String> folders, int window, Function<String, CompletionStage<Void>> submit,
      BiConsumer<String, Throwable> done) {
    if (window < 1) throw new IllegalArgumentException("window must be at least 1: " + window);
    this.next = List.copyOf(folders).iterator();
    this.window = window;
    this.submit = submit;
    this.done = done;
  }

  /** Starts the first tasks; the rest start as those end. */
  void start() {
    for (int i = 0; i < window; i++) launchNext();
  }

  /**
   * Starts the next folder's task. A loop rather than recursion: a task that ends inside {@code submit} (an executor
   * that runs it in the caller) asks for the next one while this call still runs, and the loop starts it.
   */
  private void launchNext() {
    if (requested.getAndIncrement() > 0) return;
    do {
      launchOne();
    } while (requested.decrementAndGet() > 0);
  }

  /** Only ever run by the one caller of {@link #launchNext} that raised {@link #requested} from 0. */
  private void launchOne() {
    if (!next.hasNext()) return;
    String folder = next.next();
    CompletionStage<Void> stage;
    try {
      stage = submit.apply(folder);
    } catch (RuntimeException e) {
      end(folder, e);
      return;
    }
    stage.whenComplete((ignored, failure) -> end(folder, failure));
  }

  private void end(String folder, Throwable failure) {
    try {
      done.accept(folder, failure);
    } finally {
      launchNext();
    }
  }
}
