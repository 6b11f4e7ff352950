package io.mailmind.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.core.spi.TaskHandler;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A custom {@link TaskExecutor}: every task travels through a queue as JSON and is run by a worker, the way a
 * host hands Mailmind's work to its own job system (a jobs table, a message broker) instead of letting
 * Mailmind run threads. {@link MailTask}s are plain records that Jackson writes and reads; a worker on another
 * node would call {@code mailmind.taskHandler().handle(task)} with the same store and credentials
 * ({@link MailTask.StoreBatch} must stay on the node that fetched it).
 *
 * <p>Here the queue is in memory and the worker pool unbounded: a task may wait for the tasks it submitted
 * (an account sync waits for its folders), so a fixed pool can deadlock. A real job system either runs
 * waiting tasks elsewhere or, like {@link TaskExecutor#defaultExecutor(int)}, runs the awaited tasks on the
 * waiting thread. Thread-safe.
 */
public final class QueueTaskExecutor implements TaskExecutor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final ExecutorService workers;
  private final Thread dispatcher;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  private record Job(String json, TaskHandler handler, CompletableFuture<Void> done) {}

  public QueueTaskExecutor() {
    AtomicInteger number = new AtomicInteger();
    workers = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "queue-worker-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    dispatcher = new Thread(this::dispatch, "queue-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public CompletionStage<Void> submit(MailTask task, TaskHandler handler) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      queue.add(new Job(JSON.writeValueAsString(task), handler, done));   // what would go to the broker
    } catch (JsonProcessingException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  /** Takes jobs off the queue, turns them back into tasks and hands them to a worker. */
  private void dispatch() {
    try {
      while (true) {
        Job job = queue.take();
        workers.execute(() -> {
          try {
            MailTask task = JSON.readValue(job.json(), MailTask.class);
            counts.computeIfAbsent(JSON.readTree(job.json()).path("type").asText(), type -> new LongAdder())
                .increment();
            job.handler().handle(task);
            job.done().complete(null);
          } catch (Throwable failure) {
            job.done().completeExceptionally(failure);
          }
        });
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** How many tasks of each type ran (by their JSON type name, for example {@code sync_folder}). */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((type, count) -> snapshot.put(type, count.sum()));
    return snapshot;
  }

  @Override
  public void close() {
    dispatcher.interrupt();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) workers.shutdownNow();
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
