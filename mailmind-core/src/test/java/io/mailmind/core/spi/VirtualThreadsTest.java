package io.mailmind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Mailmind's threads are virtual on JDK 24 or later and daemon platform threads before. The build compiles and tests
 * on JDK 17; {@code .ci/run} runs this module's tests again on a JDK 24 or later, so each branch is asserted on the JDK it is for.
 */
class VirtualThreadsTest {
  private static final boolean JDK_24_OR_LATER = Runtime.version().feature() >= 24;

  @Test
  void theDefaultExecutorRunsEveryTaskOnAVirtualThreadFromJdk24AndOnADaemonPlatformThreadBefore() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    try (TaskExecutor executor = TaskExecutor.defaultExecutor(2)) {
      executor.submit(new MailTask.SyncFolder("a", "INBOX"), task -> ran.complete(Thread.currentThread()))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    Thread thread = ran.get(5, TimeUnit.SECONDS);
    assertThat(isVirtual(thread)).as("virtual on JDK %s", Runtime.version().feature()).isEqualTo(JDK_24_OR_LATER);
    assertThat(thread.getName()).startsWith("mailmind-task-");
    assertThat(thread.isDaemon()).isTrue(); // virtual threads are always daemons
  }

  @Test
  void virtualThreadsAreOfferedToTheHostExactlyWhenMailmindUsesThem() throws Exception {
    Optional<ThreadFactory> factory = TaskExecutor.virtualThreads("host-work");
    assertThat(factory.isPresent()).as("offered on JDK %s", Runtime.version().feature()).isEqualTo(JDK_24_OR_LATER);
    if (factory.isEmpty()) return;
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    Thread thread = factory.get().newThread(() -> ran.complete(Thread.currentThread()));
    thread.start();
    assertThat(ran.get(5, TimeUnit.SECONDS)).isSameAs(thread);
    assertThat(isVirtual(thread)).isTrue();
    assertThat(thread.getName()).isEqualTo("host-work-1");
    assertThat(factory.get().newThread(() -> {}).getName()).isEqualTo("host-work-2");
  }

  /** {@code Thread.isVirtual()}, which the JDK 17 API this module compiles against does not have. */
  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    if (Runtime.version().feature() < 21) return false; // no virtual threads at all
    return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }
}
