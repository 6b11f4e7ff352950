package io.mailmind.core.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread creation for the default executor and, through {@link TaskExecutor#virtualThreads(String)}, for the
 * engine's own threads. On JDK 24 or later (JEP 491: virtual threads no longer pin inside {@code synchronized}, which
 * Angus Mail's IMAP layer uses for every command) threads are virtual; before, they are daemon platform
 * threads. Compiled with {@code --release 17}, so virtual threads are reached reflectively.
 */
final class Threads {
  private static final boolean VIRTUAL = Runtime.version().feature() >= 24
      && !Boolean.getBoolean("mailmind.platformThreads");

  private Threads() {}

  /** True when this JVM gets virtual threads from {@link #factory(String)}. */
  static boolean virtual() {
    return VIRTUAL;
  }

  /** A factory of threads named {@code prefix-N}: virtual on JDK 24+, daemon platform threads before. */
  static ThreadFactory factory(String prefix) {
    ThreadFactory virtualFactory = virtualFactory(prefix);
    if (virtualFactory != null) return virtualFactory;
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** An executor that starts a new thread of {@link #factory(String)} per task. */
  static ExecutorService newThreadPerTask(String prefix) {
    ThreadFactory factory = factory(prefix);
    if (VIRTUAL) {
      try {
        MethodHandle perTask = MethodHandles.publicLookup().findStatic(Executors.class,
            "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class, ThreadFactory.class));
        return (ExecutorService) perTask.invoke(factory);
      } catch (Throwable e) {
        // fall through to a cached pool
      }
    }
    return Executors.newCachedThreadPool(factory);
  }

  /** Virtual threads named {@code prefix-N} when {@link #virtual()}, else (or when the JDK refuses) null. */
  static ThreadFactory virtualFactory(String prefix) {
    if (!VIRTUAL) return null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Object builder = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder = lookup.findVirtual(builderType, "name",
          MethodType.methodType(builderType, String.class, long.class)).invoke(builder, prefix + "-", 1L);
      return (ThreadFactory) lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
          .invoke(builder);
    } catch (Throwable e) {
      return null;
    }
  }
}
