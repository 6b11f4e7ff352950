package io.mailmind.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /events} stream (Server-Sent Events) of every open page. All writes to the clients happen on one
 * thread of its own ({@code mailmind-web-events}), so callers (the engine's threads, the HTTP threads) never
 * block on a slow client and the client list needs no lock; a client whose write fails is dropped. A comment
 * line goes out every heartbeat interval so that proxies keep the connection and dead clients are noticed.
 * Thread-safe.
 */
final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** How long the browser waits before it reconnects, in milliseconds. */
  private static final int RETRY_MILLIS = 2000;

  private final int maxClients;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread created = new Thread(runnable, "mailmind-web-events");
    created.setDaemon(true);
    return created;
  });
  /** Confined to {@link #thread}. */
  private final List<HttpExchange> clients = new ArrayList<>();
  /** The size of {@link #clients}, readable from any thread. */
  private final AtomicInteger openCount = new AtomicInteger();

  EventStream(Duration heartbeat, int maxClients) {
    this.maxClients = maxClients;
    long millis = heartbeat.toMillis();
    thread.scheduleAtFixedRate(() -> sendToAll(": heartbeat\n\n"), millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes over an exchange of {@code GET /events}: sends the stream's headers now and keeps the exchange open
   * until the client goes away or this stream closes. Returns false, leaving the exchange alone, when
   * {@code maxClients} streams are open already.
   */
  boolean open(HttpExchange exchange) throws IOException {
    if (openCount.get() >= maxClients) return false;
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
    exchange.sendResponseHeaders(200, 0);
    try {
      thread.execute(() -> add(exchange));
    } catch (RejectedExecutionException closed) {
      exchange.close();
    }
    return true;
  }

  /** Sends {@code event: name} with one line of data (JSON without line breaks) to every client. */
  void send(String name, String data) {
    if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) throw new IllegalArgumentException("data must be one line");
    String frame = "event: " + name + "\ndata: " + data + "\n\n";
    try {
      thread.execute(() -> sendToAll(frame));
    } catch (RejectedExecutionException closed) {
      // closed: nobody listens any more
    }
  }

  /** Closes every client's stream and stops the thread; waits at most a few seconds. */
  @Override
  public void close() {
    try {
      thread.execute(() -> {
        clients.forEach(HttpExchange::close);
        clients.clear();
        openCount.set(0);
      });
    } catch (RejectedExecutionException alreadyClosed) {
      return;
    }
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the event stream thread did not stop within 5 s");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void add(HttpExchange exchange) {
    if (write(exchange, "retry: " + RETRY_MILLIS + "\n: connected\n\n")) {
      clients.add(exchange);
      openCount.set(clients.size());
    }
  }

  private void sendToAll(String frame) {
    for (Iterator<HttpExchange> it = clients.iterator(); it.hasNext(); ) {
      HttpExchange client = it.next();
      if (!write(client, frame)) it.remove();
    }
    openCount.set(clients.size());
  }

  /** Writes and flushes one frame; false (and the exchange closed) when the client is gone. */
  private static boolean write(HttpExchange exchange, String frame) {
    try {
      OutputStream body = exchange.getResponseBody();
      body.write(frame.getBytes(StandardCharsets.UTF_8));
      body.flush();
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("dropping an event stream client: {}", e.toString());
      exchange.close();
      return false;
    }
  }
}
