package io.mailmind.testkit;

import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy on loopback in front of a (plain-text) IMAP server, for tests of network faults that a real server
 * cannot produce on demand: {@link #dropAll() drop} every connection, {@link #blackHoleAll() stop forwarding}
 * silently while the connections stay open, {@link #refuse() refuse} new connections (and {@link #accept()}
 * them again on the same port), send an untagged line such as {@code * BYE} to the clients that are in IDLE
 * ({@link #sendToIdleClients}), or rewrite the server's lines ({@link #rewriteServerLines}, for example to hide
 * a capability).
 *
 * <p>It knows just enough IMAP to tell which connections are in IDLE: it watches the client's lines for
 * {@code tag IDLE} and {@code DONE}; and which are still being set up: from the accepted connection until the
 * server's tagged answer to the client's {@code LOGIN} or {@code AUTHENTICATE} (or the connection's end), which
 * lies within the client's set-up, so the most seen at once ({@link #maxSettingUp()}) is a lower bound of the
 * client's set-ups in flight. Two daemon threads per connection. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger idleCommands = new AtomicInteger();
  private final AtomicInteger settingUp = new AtomicInteger();
  private final AtomicInteger maxSettingUp = new AtomicInteger();
  private final AtomicInteger loginsAnswered = new AtomicInteger();
  private final java.util.Queue<String> clientLines = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile UnaryOperator<String> serverLines;
  private final ProxyListener listener;

  private FaultProxy(InetSocketAddress target) {
    this.listener = new ProxyListener(target, "fault-proxy", (client, server) -> {
      Link link = new Link(client, server, serverLines);
      maxSettingUp.accumulateAndGet(settingUp.incrementAndGet(), Math::max);
      links.add(link);
      link.start();
    });
  }

  /** A proxy on 127.0.0.1 (an ephemeral port) forwarding to {@code host:port}. */
  public static FaultProxy start(String host, int port) {
    return new FaultProxy(new InetSocketAddress(host, port));
  }

  public int port() {
    return listener.port();
  }

  /** Connections accepted whose login the server has not answered yet (and that are still open). */
  public int settingUp() {
    return settingUp.get();
  }

  /** The most connections {@link #settingUp() being set up} at once so far. */
  public int maxSettingUp() {
    return maxSettingUp.get();
  }

  /** Logins ({@code LOGIN} or {@code AUTHENTICATE}) the server has answered so far, successful or not. */
  public int loginsAnswered() {
    return loginsAnswered.get();
  }

  /**
   * The command lines clients sent since the last call, tag removed (for example
   * {@code UID FETCH 1:* (UID FLAGS)}; long lines cut at 200 characters), so a test can see what a sync asked.
   */
  public List<String> takeClientCommands() {
    List<String> out = new java.util.ArrayList<>();
    for (String line; (line = clientLines.poll()) != null; ) {
      int space = line.indexOf(' ');
      if (space > 0) out.add(line.substring(space + 1));
    }
    return out;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return listener.accepted();
  }

  /** Connections open now. */
  public int open() {
    return (int) links.stream().filter(l -> !l.closed).count();
  }

  /** Connections open now whose client is in IDLE. */
  public int inIdle() {
    return (int) links.stream().filter(l -> !l.closed && l.idle).count();
  }

  /** IDLE commands the clients sent so far. */
  public int idleCommands() {
    return idleCommands.get();
  }

  /**
   * Rewrites every line the server sends on connections opened from now on (the operator gets a line without its
   * CRLF). For example, hiding IDLE: {@code line -> line.contains("CAPABILITY") ? line.replace(" IDLE", "") : line}.
   */
  public void rewriteServerLines(UnaryOperator<String> rewrite) {
    this.serverLines = rewrite;
  }

  /** Closes every open connection on both sides, as a network failure would. */
  public void dropAll() {
    for (Link link : List.copyOf(links)) link.close();
  }

  /**
   * The open connections stop forwarding in both directions without closing: what each side sends is read and
   * discarded, so neither sees an error, only silence. New connections are forwarded normally.
   */
  public void blackHoleAll() {
    for (Link link : links) link.blackHoled = true;
  }

  /** Stops listening: new connections are refused. Open connections are kept. */
  public void refuse() {
    listener.refuse();
  }

  /** Listens again on the same port after {@link #refuse()}. */
  public void accept() {
    listener.accept();
  }

  /**
   * Sends {@code line} (CRLF is added) to each client in IDLE, between two server lines, as if the server had sent
   * it; when {@code thenClose}, closes those connections right after.
   *
   * @return the number of connections the line went to
   */
  public int sendToIdleClients(String line, boolean thenClose) {
    int sent = 0;
    for (Link link : List.copyOf(links)) {
      if (link.closed || !link.idle) continue;
      if (link.inject((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1))) sent++;
      if (thenClose) link.close();
    }
    return sent;
  }

  @Override
  public void close() {
    listener.close();
    dropAll();
  }

  /** One proxied connection: a pump per direction. */
  private final class Link {
    private final Socket client;
    private final Socket server;
    private final UnaryOperator<String> rewrite;
    private final Object clientWrite = new Object();
    volatile boolean blackHoled;
    volatile boolean idle;
    volatile boolean closed;
    /** True when the last byte sent to the client ended a line (an injected line must not split one). */
    private boolean clientAtLineStart = true;
    /** The tag of the client's login command, until the server answers it; set before the command is forwarded. */
    private volatile String loginTag;
    /** The server's bytes of the current line, while a login is awaited. */
    private final StringBuilder serverLine = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicBoolean setUp = new java.util.concurrent.atomic.AtomicBoolean();

    Link(Socket client, Socket server, UnaryOperator<String> rewrite) {
      this.client = client;
      this.server = server;
      this.rewrite = rewrite;
    }

    void start() {
      ProxyListener.daemon("fault-proxy-up-" + client.getPort(), this::clientToServer);
      ProxyListener.daemon("fault-proxy-down-" + client.getPort(), this::serverToClient);
    }

    private void clientToServer() {
      StringBuilder line = new StringBuilder();
      byte[] buffer = new byte[8192];
      try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
              watch(line.toString().trim());
              line.setLength(0);
            } else if (line.length() < 200) {
              line.append(c);
            }
          }
          if (blackHoled) continue;
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        close();
      }
    }

    private void watch(String line) {
      clientLines.add(line);
      String upper = line.toUpperCase(Locale.ROOT);
      String[] words = upper.split(" ", 3);
      if (!setUp.get() && words.length >= 2 && (words[1].equals("LOGIN") || words[1].equals("AUTHENTICATE"))) {
        loginTag = words[0] + " ";
      }
      if (upper.endsWith(" IDLE") && upper.indexOf(' ') == upper.length() - 5) {
        idle = true;
        idleCommands.incrementAndGet();
      } else if (upper.equals("DONE")) {
        idle = false;
      }
    }

    private void serverToClient() {
      byte[] buffer = new byte[8192];
      StringBuilder pending = new StringBuilder();
      try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (blackHoled) continue;
          if (!setUp.get()) watchLogin(buffer, n);
          synchronized (clientWrite) {
            if (rewrite == null) {
              out.write(buffer, 0, n);
              clientAtLineStart = buffer[n - 1] == '\n';
            } else {
              pending.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
              int end;
              while ((end = pending.indexOf("\r\n")) >= 0) {
                String rewritten = rewrite.apply(pending.substring(0, end)) + "\r\n";
                out.write(rewritten.getBytes(StandardCharsets.ISO_8859_1));
                pending.delete(0, end + 2);
              }
              clientAtLineStart = pending.length() == 0;
            }
            out.flush();
          }
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        close();
      }
    }

    /** Ends the set-up at the server's tagged answer to the login command. */
    private void watchLogin(byte[] buffer, int n) {
      for (int i = 0; i < n; i++) {
        char c = (char) (buffer[i] & 0xff);
        if (c != '\n') {
          if (serverLine.length() < 200) serverLine.append(c);
          continue;
        }
        String tag = loginTag;
        if (tag != null && serverLine.toString().toUpperCase(Locale.ROOT).startsWith(tag)) {
          loginsAnswered.incrementAndGet();
          setUpEnded();
        }
        serverLine.setLength(0);
      }
    }

    private void setUpEnded() {
      if (setUp.compareAndSet(false, true)) settingUp.decrementAndGet();
    }

    boolean inject(byte[] bytes) {
      synchronized (clientWrite) {
        if (closed || !clientAtLineStart) return false;
        try {
          OutputStream out = client.getOutputStream();
          out.write(bytes);
          out.flush();
          return true;
        } catch (IOException e) {
          return false;
        }
      }
    }

    void close() {
      setUpEnded();
      closed = true;
      links.remove(this);
      Closeables.closeQuietly(client);
      Closeables.closeQuietly(server);
    }
  }
}
