package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.spi.MailTask;
import io.mailmind.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContentPipelineTest {
  private final AtomicInteger cleanRuns = new AtomicInteger();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
  private final ContentPipeline pipeline = new ContentPipeline(task -> CompletableFuture.completedFuture(null),
      (what, failure) -> { }, 2, 1, new SettableClock(now), Duration.ofMinutes(1));

  /** The tasks handed to the executor, each running until the test finishes it. */
  private final Map<MailTask, CompletableFuture<Void>> running = new LinkedHashMap<>();
  private final ContentPipeline held = new ContentPipeline(task -> {
    CompletableFuture<Void> done = new CompletableFuture<>();
    running.put(task, done);
    return done;
  }, (what, failure) -> { }, 2, 1, new SettableClock(now), Duration.ofMinutes(1));

  private static MailTask.FetchContentBatch fetch(long uid) {
    return new MailTask.FetchContentBatch("a", "INBOX", 7, List.of(uid));
  }

  private static MailTask.RenderMarkdown markdown(long uid) {
    return new MailTask.RenderMarkdown("a", "INBOX", 7, List.of(uid));
  }

  /** Queues one Markdown task per UID, as new mail's or not. */
  private void enqueueMarkdown(boolean newMail, long... uids) {
    for (long uid : uids) held.enqueue(markdown(uid), newMail);
  }

  private void enqueueFetches(long... uids) {
    for (long uid : uids) held.enqueue(fetch(uid));
  }

  private List<MailTask> runningTasks() {
    List<MailTask> out = new ArrayList<>();
    running.forEach((task, done) -> {
      if (!done.isDone()) out.add(task);
    });
    return out;
  }

  /** Finishes the running fetch of {@code uid} and then the store it chains to. */
  private void finishContent(long uid) {
    running.get(fetch(uid)).complete(null);
    MailTask store = runningTasks().stream().filter(t -> t instanceof MailTask.StoreBatch).findFirst().orElseThrow();
    running.get(store).complete(null);
  }

  @Test
  @DisplayName("Markdown waits while content is queued or running, then takes every slot the content had")
  void markdownAfterContent() {
    enqueueFetches(1, 2, 3);
    enqueueMarkdown(false, 10, 11, 12);
    assertThat(runningTasks()).containsExactly(fetch(1), fetch(2));

    finishContent(1);
    assertThat(runningTasks()).as("the third batch, no Markdown yet").containsExactly(fetch(2), fetch(3));
    finishContent(2);
    assertThat(runningTasks()).containsExactly(fetch(3));
    finishContent(3);
    assertThat(runningTasks()).as("no content left: as many Markdown tasks as content chains")
        .containsExactly(markdown(10), markdown(11));
  }

  @Test
  @DisplayName("metadata being stored (a hold) keeps Markdown waiting too")
  void markdownAfterMetadata() {
    held.hold();
    held.enqueue(markdown(10), false);
    assertThat(runningTasks()).isEmpty();
    held.release();
    assertThat(runningTasks()).containsExactly(markdown(10));
  }

  @Test
  @DisplayName("new mail's Markdown goes first, in one slot beside the content")
  void newMailBesideContent() {
    enqueueFetches(1, 2, 3);
    enqueueMarkdown(false, 10);
    enqueueMarkdown(true, 20, 21);
    assertThat(runningTasks()).containsExactly(fetch(1), fetch(2), markdown(20));

    running.get(markdown(20)).complete(null);
    assertThat(runningTasks()).containsExactly(fetch(1), fetch(2), markdown(21));
  }

  @Test
  @DisplayName("a Markdown task that has waited the longest delay takes one slot beside the content (virtual time)")
  void waitedLongEnough() {
    enqueueFetches(1, 2, 3, 4);
    held.enqueue(markdown(10), false);
    now.set(now.get().plusSeconds(59));
    held.enqueue(markdown(11), false);
    finishContent(1);
    assertThat(runningTasks()).as("59 s").containsExactly(fetch(2), fetch(3));

    now.set(now.get().plusSeconds(1));
    finishContent(2);
    assertThat(runningTasks()).as("a minute: one slot, the oldest task")
        .containsExactly(fetch(3), fetch(4), markdown(10));
    running.get(markdown(10)).complete(null);
    assertThat(runningTasks()).as("the next has waited 1 s").containsExactly(fetch(3), fetch(4));
  }

  @Test
  @DisplayName("the new mail of a folder sync is handed out once, only for messages whose content was stored")
  void newMailOnce() {
    ContentPipeline.Progress progress = pipeline.begin("INBOX", 7, cleanRuns::incrementAndGet, List.of(10L, 11L, 12L));
    assertThat(pipeline.takeNewMail("INBOX", 7, List.of(12L, 3L, 10L))).containsExactly(10L, 12L);
    assertThat(pipeline.takeNewMail("INBOX", 7, List.of(10L, 12L))).isEmpty();
    assertThat(pipeline.takeNewMail("INBOX", 8, List.of(11L))).as("another UIDVALIDITY").isEmpty();
    assertThat(pipeline.takeNewMail("Sent", 7, List.of(11L))).as("another folder").isEmpty();
    assertThat(pipeline.takeNewMail("INBOX", 7, List.of(11L))).containsExactly(11L);
    pipeline.end(progress, false);
    assertThat(cleanRuns).hasValue(1);
  }

  @Test
  @DisplayName("new mail whose content never came is forgotten with the folder sync's work, which is not clean")
  void forgottenWithTheWork() {
    ContentPipeline.Progress progress = pipeline.begin("INBOX", 7, cleanRuns::incrementAndGet, List.of(10L));
    pipeline.end(progress, true);
    assertThat(cleanRuns).hasValue(0);
    pipeline.begin("INBOX", 7, cleanRuns::incrementAndGet, List.of());
    assertThat(pipeline.takeNewMail("INBOX", 7, List.of(10L))).isEmpty();
  }

  @Test
  @DisplayName("two folder syncs of one folder while its content is outstanding add up their new mail")
  void overlappingSyncs() {
    ContentPipeline.Progress first = pipeline.begin("INBOX", 7, cleanRuns::incrementAndGet, List.of(10L));
    ContentPipeline.Progress second = pipeline.begin("INBOX", 7, cleanRuns::incrementAndGet, List.of(11L));
    pipeline.end(first, false);
    assertThat(cleanRuns).as("the second sync's work is still outstanding").hasValue(0);
    assertThat(pipeline.takeNewMail("INBOX", 7, List.of(10L, 11L))).containsExactly(10L, 11L);
    pipeline.end(second, false);
    assertThat(cleanRuns).hasValue(1);
  }
}
