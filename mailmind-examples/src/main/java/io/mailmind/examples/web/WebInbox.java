package io.mailmind.examples.web;

import com.sun.net.httpserver.HttpServer;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live inbox in the browser for one account of a {@link MailStore}, served by the JDK's HTTP server on
 * 127.0.0.1 only:
 * <ul>
 *   <li>{@code /}: the stored messages of every folder, newest first, a page at a time (subject, sender, date,
 *       folder);</li>
 *   <li>{@code /message?folder=F&uidvalidity=V&uid=U}: one message's header fields and its Markdown, as escaped
 *       preformatted text;</li>
 *   <li>{@code /api/messages?page=N}: the same list as JSON;</li>
 *   <li>{@code /events}: Server-Sent Events; {@code event: refresh_needed} when the list changed, upon which the
 *       page re-reads {@code /api/messages} without reloading.</li>
 * </ul>
 * Register {@link #listener()} with {@link io.mailmind.core.Mailmind.Builder#listener} so that new mail reaches
 * the pages:
 *
 * <pre>{@code
 * try (WebInbox inbox = WebInbox.builder(store, account.id()).port(8025).start();
 *      Mailmind mailmind = Mailmind.builder().store(store).accounts(account).credentials(credentials)
 *          .listener(inbox.listener()).build()) {
 *   System.err.println("open " + inbox.uri());
 *   mailmind.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} ends the open event streams, stops the server and its threads, and may be
 * called twice; the store is not closed.
 */
public final class WebInbox implements AutoCloseable {
  /** The port of {@code mailmind serve} unless {@code --http-port} says otherwise. */
  public static final int DEFAULT_PORT = 8025;
  private static final Logger LOG = LoggerFactory.getLogger(WebInbox.class);
  private static final int HTTP_THREADS = 4;
  private static final int MAX_EVENT_CLIENTS = 32;
  private static final InetAddress LOOPBACK = loopback();

  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final EventStream events;
  private final EventListener listener;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WebInbox(HttpServer server, ExecutorService httpThreads, EventStream events, EventListener listener) {
    this.server = server;
    this.httpThreads = httpThreads;
    this.events = events;
    this.listener = listener;
    this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** A builder for the inbox of {@code accountId} in {@code store}. */
  public static Builder builder(MailStore store, String accountId) {
    return new Builder(store, accountId);
  }

  /** Where the inbox is, for example {@code http://127.0.0.1:8025/}. */
  public URI uri() {
    return uri;
  }

  /** The listener that tells the open pages to refresh; register it with the {@code Mailmind} that fills the store. */
  public EventListener listener() {
    return listener;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    events.close();
    server.stop(0);
    httpThreads.shutdown();
    try {
      if (!httpThreads.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the web inbox's HTTP threads did not stop within 5 s");
        httpThreads.shutdownNow();
      }
    } catch (InterruptedException e) {
      httpThreads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: four bytes are a valid IPv4 address
    }
  }

  /** Settings of a {@link WebInbox}; each is checked when set. Not thread-safe. */
  public static final class Builder {
    private final MailStore store;
    private final String accountId;
    private int port = DEFAULT_PORT;
    private int pageSize = 50;
    private Duration heartbeat = Duration.ofSeconds(15);

    private Builder(MailStore store, String accountId) {
      this.store = Objects.requireNonNull(store, "store");
      this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /** The TCP port on 127.0.0.1; 0 picks a free one (see {@link WebInbox#uri()}). Default {@value #DEFAULT_PORT}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port was '" + port + "' but it must be in 0..65535");
      this.port = port;
      return this;
    }

    /** Messages per page of the list. Default 50. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 500) {
        throw new IllegalArgumentException("pageSize was '" + pageSize + "' but it must be in 1..500");
      }
      this.pageSize = pageSize;
      return this;
    }

    /** How often a comment goes down each event stream to keep it open. Default 15 s. */
    public Builder heartbeat(Duration heartbeat) {
      Objects.requireNonNull(heartbeat, "heartbeat");
      if (heartbeat.toMillis() < 1) throw new IllegalArgumentException("heartbeat was '" + heartbeat + "' but it must be >= 1 ms");
      this.heartbeat = heartbeat;
      return this;
    }

    /**
     * Binds 127.0.0.1:port and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound (for example because it is taken)
     */
    public WebInbox start() {
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
      EventStream events = new EventStream(heartbeat, MAX_EVENT_CLIENTS);
      AtomicInteger threadNumber = new AtomicInteger();
      ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "mailmind-web-http-" + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      try {
        server.createContext("/", new Routes(store, accountId, pageSize, events, server.getAddress().getPort()));
        server.setExecutor(httpThreads);
        server.start();
      } catch (RuntimeException e) {
        events.close();
        server.stop(0);
        httpThreads.shutdownNow();
        throw e;
      }
      WebInbox inbox = new WebInbox(server, httpThreads, events, new RefreshListener(accountId, events));
      LOG.debug("{} - web inbox on {}", accountId, inbox.uri());
      return inbox;
    }
  }
}
