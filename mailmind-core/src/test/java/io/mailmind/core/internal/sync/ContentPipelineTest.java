package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContentPipelineTest {
  private final AtomicInteger cleanRuns = new AtomicInteger();
  private final ContentPipeline pipeline = new ContentPipeline(task -> CompletableFuture.completedFuture(null),
      (what, failure) -> { }, 2, 1);

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
