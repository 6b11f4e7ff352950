package io.mailmind.testkit;

import io.mailmind.core.internal.util.Closeables;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The listening side of the test proxies ({@link FaultProxy}, {@link TcpFaultProxy}): a loopback port that accepts
 * clients, connects each to the target and hands the pair on; it can stop listening and listen again on the same
 * port, now or after a while. Thread-safe.
 */
final class ProxyListener implements Closeable {
  private final InetSocketAddress target;
  private final String name;
  private final BiConsumer<Socket, Socket> onPair;
  private final int port;
  private final AtomicInteger accepted = new AtomicInteger();
  private final ScheduledExecutorService timer;
  private final Object listening = new Object();
  private ServerSocket listener;
  private Thread acceptor;
  private ScheduledFuture<?> reopening;
  private volatile boolean closed;

  /** Listens on an ephemeral loopback port; {@code onPair} gets each accepted client with its connected server. */
  ProxyListener(InetSocketAddress target, String name, BiConsumer<Socket, Socket> onPair) {
    this.target = target;
    this.name = name;
    this.onPair = onPair;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name + "-timer");
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.listener = bind(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.port = listener.getLocalPort();
    this.acceptor = startAccepting(listener);
  }

  int port() {
    return port;
  }

  int accepted() {
    return accepted.get();
  }

  boolean accepting() {
    synchronized (listening) {
      return listener != null;
    }
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Stops listening: new connections are refused until {@link #accept()}. Returns once the port is closed: the JDK
   * closes a listening socket only when the thread blocked in its accept() has left it, and until then the kernel
   * still completes connections into the backlog.
   */
  void refuse() {
    synchronized (listening) {
      cancelReopening();
      Closeables.closeQuietly(listener);
      listener = null;
      if (acceptor != null && acceptor != Thread.currentThread()) {
        try {
          acceptor.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      acceptor = null;
    }
  }

  /** Refuses new connections for {@code duration}, then listens again on a timer thread. */
  void refuseFor(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    synchronized (listening) {
      refuse();
      reopening = timer.schedule(this::accept, duration.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Listens again on the same port. */
  void accept() {
    synchronized (listening) {
      cancelReopening();
      if (listener != null || closed) return;
      listener = bindAgain();
      acceptor = startAccepting(listener);
    }
  }

  @Override
  public void close() {
    closed = true;
    refuse();
    timer.shutdownNow();
  }

  private void cancelReopening() {
    if (reopening != null) {
      reopening.cancel(false);
      reopening = null;
    }
  }

  /**
   * Binds the port again. While it was refusing, the system may have lent that (ephemeral) port to an outgoing
   * connection for a moment: try for up to 10 s.
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

  private Thread startAccepting(ServerSocket socket) {
    return daemon(name + "-accept-" + port, () -> {
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
          Closeables.closeQuietly(client);
          Closeables.closeQuietly(server);
          continue;
        }
        if (closed) {
          Closeables.closeQuietly(client);
          Closeables.closeQuietly(server);
          return;
        }
        onPair.accept(client, server);
      }
    });
  }

  static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
