package io.mailmind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerAccountExecutorTest {

  @Test
  void boundsConcurrencyPerAccountButNotAcrossAccounts() throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
    CountDownLatch release = new CountDownLatch(1);
    try (TaskExecutor executor = TaskExecutor.defaultExecutor(2)) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (String account : List.of("a", "b")) {
        for (int i = 0; i < 6; i++) {
          all.add(executor.submit(new MailTask.SyncFolder(account, "F" + i), task -> {
            int now = running.computeIfAbsent(task.accountId(), k -> new AtomicInteger()).incrementAndGet();
            peak.computeIfAbsent(task.accountId(), k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
              release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            running.get(task.accountId()).decrementAndGet();
          }).toCompletableFuture());
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while ((peak.getOrDefault("a", new AtomicInteger()).get() < 2 || peak.getOrDefault("b", new AtomicInteger()).get() < 2)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      release.countDown();
      CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
    }
    assertThat(peak.get("a").get()).isEqualTo(2);
    assertThat(peak.get("b").get()).isEqualTo(2);
  }

  @Test
  void aFailingTaskCompletesItsStageExceptionallyAndFreesItsPermit() throws Exception {
    try (TaskExecutor executor = TaskExecutor.defaultExecutor(1)) {
      CompletableFuture<Void> failed = executor.submit(new MailTask.SyncFolder("a", "X"), task -> {
        throw new IllegalStateException("boom");
      }).toCompletableFuture();
      CompletableFuture<Void> next = executor.submit(new MailTask.SyncFolder("a", "Y"), task -> {}).toCompletableFuture();
      assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("boom");
      next.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void rejectsAfterClose() {
    TaskExecutor executor = TaskExecutor.defaultExecutor(1);
    executor.close();
    executor.close();
    assertThat(executor.submit(new MailTask.SyncFolder("a", "X"), task -> {}).toCompletableFuture())
        .isCompletedExceptionally();
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> TaskExecutor.defaultExecutor(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrencyPerAccount was '0'");
  }
}
