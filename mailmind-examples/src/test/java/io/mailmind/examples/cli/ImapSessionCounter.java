package io.mailmind.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay in front of an IMAP server that sees, per connection, who logged in (LOGIN, or AUTHENTICATE PLAIN
 * inline or after the continuation) and whether the client issued IDLE: the server-side count of following
 * connections per user that the cluster tests sample. Bytes pass through unchanged; only the client's command
 * lines are read (a literal's bytes are skipped).
 */
final class ImapSessionCounter implements AutoCloseable {
  private static final Pattern LOGIN = Pattern.compile("^\\S+ LOGIN \"?([^\" ]+)\"? .*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern PLAIN = Pattern.compile("^\\S+ AUTHENTICATE PLAIN(?: (\\S+))?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDLE = Pattern.compile("^\\S+ IDLE$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

  private final int upstreamPort;
  private final ServerSocket listener;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  ImapSessionCounter(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "imap-session-counter");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Open connections that issued IDLE, per logged-in user. */
  Map<String, Integer> idleConnections() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Session session : sessions) {
      if (session.idled && session.user != null) counts.merge(session.user, 1, Integer::sum);
    }
    return counts;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        Session session = new Session(client, server);
        sessions.add(session);
        start("imap-relay-up", () -> session.clientToServer());
        start("imap-relay-down", () -> session.serverToClient());
      } catch (IOException e) {
        if (!closed) System.err.println("imap-session-counter: " + e);
      }
    }
  }

  private static void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Session session : sessions) session.close();
  }

  private final class Session {
    final Socket client;
    final Socket server;
    volatile String user;
    volatile boolean idled;
    private boolean awaitingPlain;

    Session(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void clientToServer() {
      try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long skip = 0;
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
          for (int i = 0; i < n; i++) {
            if (skip > 0) {
              skip--;
              continue;
            }
            byte b = buffer[i];
            if (b == '\n') {
              String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
              line.reset();
              skip = command(text);
            } else if (line.size() < 16_384) {
              line.write(b);
            }
          }
        }
      } catch (IOException e) {
        // the connection ended
      } finally {
        close();
      }
    }

    /** Reads one client line; returns the length of a literal that follows it. */
    private long command(String text) {
      if (awaitingPlain) {
        awaitingPlain = false;
        user = plainUser(text);
        return 0;
      }
      Matcher login = LOGIN.matcher(text);
      Matcher plain = PLAIN.matcher(text);
      if (login.matches()) {
        user = login.group(1);
      } else if (plain.matches()) {
        if (plain.group(1) != null) user = plainUser(plain.group(1)); else awaitingPlain = true;
      } else if (IDLE.matcher(text).matches()) {
        idled = true;
      }
      Matcher literal = LITERAL.matcher(text);
      return literal.find() ? Long.parseLong(literal.group(1)) : 0;
    }

    private String plainUser(String base64) {
      try {
        String[] parts = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8).split("\0");
        return parts.length >= 2 ? parts[1] : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    void serverToClient() {
      try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the connection ended
      } finally {
        close();
      }
    }

    void close() {
      sessions.remove(this);
      try {
        client.close();
      } catch (IOException e) {
        // closing anyway
      }
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
