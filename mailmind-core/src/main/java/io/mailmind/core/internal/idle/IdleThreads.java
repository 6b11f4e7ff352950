package io.mailmind.core.internal.idle;

import io.mailmind.core.spi.TaskExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * The threads of the account watchers, one per followed account, blocked in a socket read nearly all the time.
 * On JDK 24 or later they are virtual threads ({@link TaskExecutor#virtualThreads(String)}): a blocked read then holds no
 * platform thread. Before, they are daemon platform threads with a small stack ({@value #DEFAULT_STACK_KIB} KiB,
 * property {@code mailmind.idle.stackSizeKiB}): the stack is reserved address space of which only the touched
 * pages cost memory, and the watcher runs no deep code (the new-mail unit runs on the task executor), so the
 * reservation can be a quarter of the JDK's 1 MiB default. See docs/idle-scale.md for the measured costs.
 */
final class IdleThreads {
  static final int DEFAULT_STACK_KIB = 256;
  private static final long STACK_BYTES =
      Math.max(64, Long.getLong("mailmind.idle.stackSizeKiB", DEFAULT_STACK_KIB)) * 1024;

  private final ThreadFactory virtual = TaskExecutor.virtualThreads("mailmind-idle").orElse(null);

  Thread newThread(String name, Runnable runnable) {
    if (virtual != null) {
      Thread thread = virtual.newThread(runnable);
      thread.setName(name);
      return thread;
    }
    Thread thread = new Thread(null, runnable, name, STACK_BYTES);
    thread.setDaemon(true);
    return thread;
  }

  /** For the start-up log: which threads the watchers run on. */
  static String describe() {
    return TaskExecutor.virtualThreads("mailmind-idle").isPresent() ? "virtual threads" : "platform threads with " + STACK_BYTES / 1024 + " KiB stacks";
  }
}
