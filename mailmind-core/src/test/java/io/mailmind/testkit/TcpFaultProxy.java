package io.mailmind.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that forwards bytes to a server (a database, say) and fails on demand the way a network
 * or a restarting server does: {@link #dropAll()} closes every open connection at once, {@link #refuse()} refuses
 * new connections (nothing listens on the port) until {@link #accept()}, and {@link #refuseFor(Duration)} does
 * both after a while. It knows no protocol: unlike {@link FaultProxy} it only moves bytes. Two daemon threads per
 * connection. Thread-safe.
 */
public final class TcpFaultProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tcp-fault-proxy-timer");
    thread.setDaemon(true);
    return thread;
  });
  private final Object listening = new Object();
  private ServerSocket listener;
  private ScheduledFuture<?> reopening;
  private volatile boolean closed;

  private TcpFaultProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = bind(0);
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** A proxy on 127.0.0.1 (an ephemeral port) forwarding to {@code host:port}. */
  public static TcpFaultProxy start(String host, int port) {
    try {
      return new TcpFaultProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port clients connect to; the same for the proxy's whole life. */
  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Connections open now. */
  public int open() {
    return links.size();
  }

  /** Whether new connections are accepted now. */
  public boolean accepting() {
    synchronized (listening) {
      return listener != null;
    }
  }

  /** Closes every open connection on both sides at once, as a network failure or a server crash would. */
  public void dropAll() {
    for (Link link : List.copyOf(links)) link.close();
  }

  /** Stops listening: new connections are refused until {@link #accept()}. Open connections are kept. */
  public void refuse() {
    synchronized (listening) {
      cancelReopening();
      closeQuietly(listener);
      listener = null;
    }
  }

  /**
   * Drops nothing, but refuses new connections for {@code duration}, then accepts them again on the same port (on a
   * timer thread; {@link #accepting()} tells when). Combine with {@link #dropAll()} for a server restart.
   */
  public void refuseFor(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    synchronized (listening) {
      refuse();
      reopening = timer.schedule(this::accept, duration.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Listens again on the same port after {@link #refuse()}. */
  public void accept() {
    synchronized (listening) {
      cancelReopening();
      if (listener != null || closed) return;
      listener = bindAgain();
      startAccepting(listener);
    }
  }

  private void cancelReopening() {
    if (reopening != null) {
      reopening.cancel(false);
      reopening = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    refuse();
    dropAll();
    timer.shutdownNow();
  }

  /**
   * Binds the proxy's port again. While it was refusing, the system may have handed that port to an outgoing
   * connection for a moment (it is an ephemeral port): try for up to 10 s.
   */
  private ServerSocket bindAgain() {
    IOException last = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        return bind(port);
      } catch (IOException e) {
        last = e;
        try {
          TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new UncheckedIOException("the proxy could not listen on port " + port + " again", last);
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void startAccepting(ServerSocket socket) {
    daemon("tcp-fault-proxy-accept-" + port, () -> {
      while (!socket.isClosed()) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException e) {
          return; // refused or closed
        }
        accepted.incrementAndGet();
        Socket server = new Socket();
        try {
          server.connect(target, 5_000);
        } catch (IOException e) {
          closeQuietly(client);
          closeQuietly(server);
          continue;
        }
        Link link = new Link(client, server);
        links.add(link);
        if (closed) {
          link.close();
          return;
        }
        link.start();
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) return;
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** One proxied connection: a pump per direction. */
  private final class Link {
    private final Socket client;
    private final Socket server;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      daemon("tcp-fault-proxy-up-" + client.getPort(), () -> pump(client, server));
      daemon("tcp-fault-proxy-down-" + client.getPort(), () -> pump(server, client));
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        close();
      }
    }

    void close() {
      links.remove(this);
      closeQuietly(client);
      closeQuietly(server);
    }
  }
}
