package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.testkit.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The connection set-up limiter with real threads, ordered by latches and by waiting for the limiter's own counts
 * (never by sleeping): the bounds hold, waiters are served in arrival order, a busy host holds up no other host
 * and starves nobody, and a stopped or interrupted waiter leaves without a slot.
 */
class ConnectLimiterTest {
  private final List<Thread> threads = new ArrayList<>();

  /** A thread that waits for a slot; the future holds it (null: stopped). */
  private CompletableFuture<ConnectLimiter.Permit> acquireAsync(ConnectLimiter limiter, String host,
      BooleanSupplier stopped) {
    CompletableFuture<ConnectLimiter.Permit> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(limiter.acquire(host, stopped));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "limiter-test-" + host);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return result;
  }

  /** Starts a waiter and returns once it is queued, so that the arrival order is the call order. */
  private CompletableFuture<ConnectLimiter.Permit> queued(ConnectLimiter limiter, String host) {
    int before = limiter.waiting();
    CompletableFuture<ConnectLimiter.Permit> result = acquireAsync(limiter, host, () -> false);
    Await.until("a waiter for " + host + " queued", () -> limiter.waiting() == before + 1);
    return result;
  }

  private static ConnectLimiter.Permit now(ConnectLimiter limiter, String host) throws InterruptedException {
    ConnectLimiter.Permit permit = limiter.acquire(host, () -> false);
    assertThat(permit).isNotNull();
    return permit;
  }

  private static ConnectLimiter.Permit granted(CompletableFuture<ConnectLimiter.Permit> waiter) {
    Await.until("the slot handed over", waiter::isDone);
    return waiter.join();
  }

  @Test
  @DisplayName("100 threads on 5 hosts: never more than 6 set-ups in flight, never more than 2 to one host")
  void boundsHoldUnderContention() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(6, 2);
    int n = 100;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger[] perHost = new AtomicInteger[5];
    AtomicInteger maxPerHost = new AtomicInteger();
    for (int i = 0; i < perHost.length; i++) perHost[i] = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(n);
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < n; i++) {
      int host = i % perHost.length;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          // Host names differ only in case for half of the threads: they are one host.
          try (ConnectLimiter.Permit permit = limiter.acquire(host % 2 == 0 ? "Host" + host : "host" + host,
              () -> false)) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            maxPerHost.accumulateAndGet(perHost[host].incrementAndGet(), Math::max);
            Thread.yield();
            perHost[host].decrementAndGet();
            inFlight.decrementAndGet();
          }
        } catch (Throwable t) {
          failures.add(t);
        } finally {
          done.countDown();
        }
      });
      thread.setDaemon(true);
      thread.start();
    }
    go.countDown();
    Await.until("every thread had its turn", () -> done.getCount() == 0);

    assertThat(failures).isEmpty();
    assertThat(maxInFlight.get()).isBetween(1, 6);
    assertThat(maxPerHost.get()).isBetween(1, 2);
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.waiting()).isZero();
    assertThat(limiter.hostsTracked()).as("hosts are dropped when idle").isZero();
  }

  @Test
  @DisplayName("the global bound: past N slots, a waiter gets one only when a set-up ends")
  void globalBound() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(3, 3);
    ConnectLimiter.Permit a = now(limiter, "a");
    ConnectLimiter.Permit b = now(limiter, "b");
    ConnectLimiter.Permit c = now(limiter, "c");
    CompletableFuture<ConnectLimiter.Permit> d = queued(limiter, "d");
    CompletableFuture<ConnectLimiter.Permit> e = queued(limiter, "e");

    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(d).isNotDone();
    assertThat(e).isNotDone();

    b.close();
    ConnectLimiter.Permit dPermit = granted(d);
    assertThat(e).isNotDone();
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(limiter.inFlight("b")).isZero();

    b.close(); // a second close gives nothing back
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(e).isNotDone();

    a.close();
    ConnectLimiter.Permit ePermit = granted(e);
    for (ConnectLimiter.Permit permit : List.of(c, dPermit, ePermit)) permit.close();
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.hostsTracked()).isZero();
  }

  @Test
  @DisplayName("the per-host bound, host names compared lower-cased; a full host holds up no other host")
  void perHostBound() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(10, 2);
    ConnectLimiter.Permit first = now(limiter, "IMAP.example.org");
    ConnectLimiter.Permit second = now(limiter, "imap.example.org");
    CompletableFuture<ConnectLimiter.Permit> third = queued(limiter, "Imap.Example.Org");
    // Queued behind the example.org waiter, yet served at once: its host has room.
    ConnectLimiter.Permit other = now(limiter, "imap.other.org");

    assertThat(limiter.inFlight("imap.example.org")).isEqualTo(2);
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(third).isNotDone();

    other.close();
    assertThat(third).isNotDone();
    first.close();
    ConnectLimiter.Permit thirdPermit = granted(third);
    assertThat(limiter.inFlight("IMAP.EXAMPLE.ORG")).isEqualTo(2);

    second.close();
    thirdPermit.close();
    assertThat(limiter.hostsTracked()).isZero();
  }

  @Test
  @DisplayName("waiters are served in arrival order")
  void arrivalOrder() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(1, 1);
    ConnectLimiter.Permit held = now(limiter, "h");
    List<CompletableFuture<ConnectLimiter.Permit>> waiters = new ArrayList<>();
    for (int i = 0; i < 8; i++) waiters.add(queued(limiter, i % 2 == 0 ? "h" : "g"));

    ConnectLimiter.Permit current = held;
    for (int i = 0; i < waiters.size(); i++) {
      current.close();
      current = granted(waiters.get(i));
      for (int later = i + 1; later < waiters.size(); later++) {
        assertThat(waiters.get(later)).as("waiter %d while %d holds the slot", later, i).isNotDone();
      }
    }
    current.close();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  @DisplayName("a waiter for a busy host is not starved by a stream of waiters for other hosts")
  void noStarvation() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(2, 1);
    ConnectLimiter.Permit busy = now(limiter, "busy");
    CompletableFuture<ConnectLimiter.Permit> starving = queued(limiter, "busy");
    // Others come and go through the second slot while "busy" is full.
    ConnectLimiter.Permit other = now(limiter, "other-0");
    for (int i = 1; i <= 5; i++) {
      CompletableFuture<ConnectLimiter.Permit> next = queued(limiter, "other-" + i);
      other.close();
      other = granted(next);
      assertThat(starving).isNotDone();
    }
    // Later waiters for both hosts arrive; the busy host's slot ends: the earliest waiter gets it.
    CompletableFuture<ConnectLimiter.Permit> laterBusy = queued(limiter, "busy");
    CompletableFuture<ConnectLimiter.Permit> laterOther = queued(limiter, "other-9");
    busy.close();
    ConnectLimiter.Permit starvingPermit = granted(starving);
    assertThat(laterBusy).isNotDone();
    assertThat(laterOther).isNotDone();

    other.close();
    ConnectLimiter.Permit laterOtherPermit = granted(laterOther);
    starvingPermit.close();
    granted(laterBusy).close();
    laterOtherPermit.close();
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.waiting()).isZero();
  }

  @Test
  @DisplayName("a stopped waiter leaves without a slot, and its place goes to the next one")
  void stoppedWaiter() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(1, 1);
    ConnectLimiter.Permit held = now(limiter, "h");
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<ConnectLimiter.Permit> stopped = acquireAsync(limiter, "h", stop::get);
    Await.until("queued", () -> limiter.waiting() == 1);
    CompletableFuture<ConnectLimiter.Permit> next = queued(limiter, "h");
    stop.set(true);
    assertThat(granted(stopped)).isNull();
    assertThat(limiter.waiting()).isEqualTo(1);

    held.close();
    granted(next).close(); // the stopped waiter's place went to the next one
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  @DisplayName("an interrupted waiter gets InterruptedException and leaves the queue")
  void interruptedWaiter() throws Exception {
    ConnectLimiter limiter = new ConnectLimiter(1, 1);
    ConnectLimiter.Permit held = now(limiter, "h");
    CompletableFuture<ConnectLimiter.Permit> interrupted = queued(limiter, "h");
    threads.get(threads.size() - 1).interrupt();

    Await.until("the waiter ended", interrupted::isDone);
    assertThatThrownBy(interrupted::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(limiter.waiting()).isZero();
    held.close();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void refusesLimitsBelowOne() {
    assertThatThrownBy(() -> new ConnectLimiter(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectingAtOnce was '0' but it must be at least 1; "
            + "maxConnectingPerHost was '0' but it must be at least 1");
  }
}
