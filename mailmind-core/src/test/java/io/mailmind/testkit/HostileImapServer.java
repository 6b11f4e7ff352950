package io.mailmind.testkit;

import io.mailmind.core.internal.util.Closeables;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback IMAP server whose answers a test scripts, for servers that are broken or hostile: a plain-TCP IMAP4rev1
 * server (no CONDSTORE; IDLE only after {@link #withIdle()}) with one folder, INBOX, holding the given messages as UIDs 1..n, that answers
 * CAPABILITY, LOGIN, LIST, STATUS, EXAMINE/SELECT, UID FETCH (UID, FLAGS, RFC822.SIZE, INTERNALDATE, BODY.PEEK[],
 * partial {@code <origin.count>}, BODY.PEEK[HEADER.FIELDS (...)]), NOOP, IDLE, CLOSE and LOGOUT correctly, until a test
 * replaces an answer: {@link #greeting(Answer)} for the greeting, {@link #on(Predicate, Answer)} for the commands
 * that match. A replaced answer writes raw bytes; {@link Session#fetch} writes the correct FETCH answers it does not
 * replace. Writing ends quietly when the client closes the connection; {@link #bytesAfterMark()} counts what was
 * written after {@link Session#mark()}, to show that a client stopped reading an endless answer early.
 *
 * <p>One thread per connection. Thread-safe. Close it after the test.
 */
public final class HostileImapServer implements AutoCloseable {
  /** A scripted answer: write to the session; {@code tag} is null for the greeting. */
  @FunctionalInterface
  public interface Answer {
    void answer(Session session, String tag, String command) throws IOException;
  }

  private record Override(Predicate<String> match, Answer answer) {}

  private final List<byte[]> messages;
  private final ServerSocket socket;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Override> overrides = new CopyOnWriteArrayList<>();
  private final AtomicLong afterMark = new AtomicLong();
  private volatile Answer greeting = (session, tag, command) -> session.line("* OK hostile test server ready");
  private volatile boolean closed;
  private volatile String capabilities = "IMAP4rev1";

  private HostileImapServer(List<String> messages) throws IOException {
    this.messages = messages.stream().map(m -> m.getBytes(StandardCharsets.UTF_8)).toList();
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "hostile-imap-accept-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server whose INBOX holds these raw messages (CRLF line ends) as UIDs 1, 2, ... */
  public static HostileImapServer start(List<String> messages) throws IOException {
    return new HostileImapServer(messages);
  }

  /** A short message with this subject. */
  public static String message(int n, String subject) {
    return "From: sender" + n + "@example.org\r\nTo: me@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <m" + n
        + "@example.org>\r\nDate: Sat, 02 Mar 2024 10:00:00 +0000\r\n\r\nbody of message " + n + "\r\n";
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Announces IDLE: then an IDLE command is answered with a continuation, and completed after DONE. */
  public HostileImapServer withIdle() {
    capabilities = "IMAP4rev1 IDLE";
    return this;
  }

  /** Replaces the greeting. */
  public HostileImapServer greeting(Answer answer) {
    this.greeting = answer;
    return this;
  }

  /** Replaces the answer to the commands (without tag, e.g. "UID FETCH 1:* (UID FLAGS RFC822.SIZE)") that match. */
  public HostileImapServer on(Predicate<String> match, Answer answer) {
    overrides.add(new Override(match, answer));
    return this;
  }

  /** Every command received, without its tag, over all connections. */
  public List<String> commands() {
    return new ArrayList<>(commands);
  }

  /** Bytes written after {@link Session#mark()}, over all connections. */
  public long bytesAfterMark() {
    return afterMark.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connections.add(connection);
        Thread thread = new Thread(() -> {
          try (connection) {
            new Session(connection).run();
          } catch (IOException e) {
            // the client went away, or the script ended the connection
          } finally {
            connections.remove(connection);
          }
        }, "hostile-imap-" + connection.getPort());
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        if (closed) return;
      }
    }
  }

  @java.lang.Override
  public void close() {
    closed = true;
    Closeables.closeQuietly(socket);
    for (Socket connection : connections) Closeables.closeQuietly(connection);
  }

  /** One connection: what a scripted answer writes to. */
  public final class Session {
    private static final Pattern FETCH = Pattern.compile("(?i)UID FETCH (\\S+) \\((.*)\\)");
    private static final Pattern PARTIAL = Pattern.compile("<(\\d+)\\.(\\d+)>");

    private final Socket connection;
    private final InputStream in;
    private final OutputStream out;
    private boolean marked;

    private Session(Socket connection) throws IOException {
      this.connection = connection;
      this.in = new BufferedInputStream(connection.getInputStream());
      this.out = connection.getOutputStream();
    }

    /** Writes one line and CRLF, and flushes. */
    public void line(String text) throws IOException {
      raw((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as they are, and flushes. */
    public void raw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
      if (marked) afterMark.addAndGet(bytes.length);
    }

    /** From now on, written bytes are counted in {@link #bytesAfterMark()}. */
    public void mark() {
      marked = true;
    }

    /** Writes {@code total} bytes of {@code fill} in chunks, or fewer when the client closes the connection. */
    public void flood(byte fill, long total) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, fill);
      for (long sent = 0; sent < total; sent += chunk.length) {
        raw(chunk.length <= total - sent ? chunk : java.util.Arrays.copyOf(chunk, (int) (total - sent)));
      }
    }

    /**
     * Writes the correct FETCH answers to {@code command} (a UID FETCH), except for the UIDs in {@code skip}; no
     * tagged answer.
     */
    public void fetch(String command, long... skip) throws IOException {
      Matcher matcher = FETCH.matcher(command);
      if (!matcher.matches()) throw new IllegalArgumentException("not a UID FETCH: " + command);
      String items = matcher.group(2).toUpperCase(Locale.ROOT);
      for (long uid : uids(matcher.group(1))) {
        if (java.util.Arrays.stream(skip).anyMatch(s -> s == uid)) continue;
        out.write(fetchAnswer(uid, items));
      }
      out.flush();
    }

    /** The correct FETCH answer for one UID: {@code * n FETCH (...)} with CRLF. */
    /** The UIDs a {@code UID FETCH} command asks for (those the mailbox has). */
    public List<Long> requestedUids(String command) {
      Matcher matcher = FETCH.matcher(command);
      if (!matcher.matches()) throw new IllegalArgumentException("not a UID FETCH: " + command);
      return uids(matcher.group(1));
    }

    public byte[] fetchAnswer(long uid, String items) {
      byte[] message = messages.get((int) uid - 1);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      List<String> parts = new ArrayList<>();
      parts.add("UID " + uid);
      if (items.contains("FLAGS")) parts.add("FLAGS ()");
      if (items.contains("RFC822.SIZE")) parts.add("RFC822.SIZE " + message.length);
      if (items.contains("INTERNALDATE")) parts.add("INTERNALDATE \"02-Mar-2024 10:00:00 +0000\"");
      write(answer, "* " + uid + " FETCH (" + String.join(" ", parts));
      if (items.contains("HEADER.FIELDS")) {
        byte[] header = headerOf(message);
        write(answer, " BODY[HEADER.FIELDS (" + items.replaceAll(".*HEADER\\.FIELDS \\(([^)]*)\\).*", "$1") + ")] {"
            + header.length + "}\r\n");
        answer.writeBytes(header);
      } else if (items.contains("BODY.PEEK[]")) {
        Matcher partial = PARTIAL.matcher(items);
        byte[] body = message;
        String origin = "";
        if (partial.find()) {
          int from = (int) Math.min(message.length, Long.parseLong(partial.group(1)));
          int count = (int) Math.min(message.length - from, Long.parseLong(partial.group(2)));
          body = java.util.Arrays.copyOfRange(message, from, from + count);
          origin = "<" + from + ">";
        }
        write(answer, " BODY[]" + origin + " {" + body.length + "}\r\n");
        answer.writeBytes(body);
      }
      write(answer, ")\r\n");
      return answer.toByteArray();
    }

    private void write(ByteArrayOutputStream answer, String text) {
      answer.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<Long> uids(String set) {
      List<Long> out = new ArrayList<>();
      for (String range : set.split(",")) {
        String[] ends = range.split(":");
        long from = ends[0].equals("*") ? messages.size() : Long.parseLong(ends[0]);
        long to = ends.length == 1 ? from : ends[1].equals("*") ? messages.size() : Long.parseLong(ends[1]);
        for (long uid = Math.min(from, to); uid <= Math.max(from, to) && uid <= messages.size(); uid++) out.add(uid);
      }
      return out;
    }

    private void run() throws IOException {
      greeting.answer(this, null, null);
      String line;
      while ((line = readLine()) != null) {
        int space = line.indexOf(' ');
        if (space < 0) continue;
        String tag = line.substring(0, space);
        String command = line.substring(space + 1);
        commands.add(command.startsWith("LOGIN") ? "LOGIN" : command);
        Answer scripted = null;
        for (Override override : overrides) {
          if (override.match().test(command)) {
            scripted = override.answer();
            break;
          }
        }
        if (scripted != null) scripted.answer(this, tag, command);
        else if (!answer(tag, command)) return;
      }
    }

    /** The default answers; false after LOGOUT. */
    private boolean answer(String tag, String command) throws IOException {
      String verb = command.split(" ")[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "CAPABILITY" -> {
          line("* CAPABILITY " + capabilities);
          line(tag + " OK CAPABILITY completed");
        }
        case "LOGIN" -> line(tag + " OK [CAPABILITY " + capabilities + "] logged in");
        case "LIST" -> {
          line("* LIST () \"/\" INBOX");
          line(tag + " OK LIST completed");
        }
        case "STATUS" -> {
          line("* STATUS INBOX (MESSAGES " + messages.size() + " UIDNEXT " + (messages.size() + 1)
              + " UIDVALIDITY 1)");
          line(tag + " OK STATUS completed");
        }
        case "EXAMINE", "SELECT" -> {
          line("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
          line("* " + messages.size() + " EXISTS");
          line("* 0 RECENT");
          line("* OK [UIDVALIDITY 1] UIDs valid");
          line("* OK [UIDNEXT " + (messages.size() + 1) + "] predicted next UID");
          line(tag + " OK [READ-ONLY] " + verb + " completed");
        }
        case "UID" -> {
          fetch(command);
          line(tag + " OK UID FETCH completed");
        }
        case "NOOP", "CLOSE", "UNSELECT" -> line(tag + " OK " + verb + " completed");
        case "IDLE" -> {
          line("+ idling");
          String done;
          do {
            done = readLine();
            if (done == null) return false;
          } while (!done.equalsIgnoreCase("DONE"));
          line(tag + " OK IDLE terminated");
        }
        case "LOGOUT" -> {
          line("* BYE logging out");
          line(tag + " OK LOGOUT completed");
          return false;
        }
        default -> line(tag + " BAD unknown command");
      }
      return true;
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') break;
        if (b != '\r') line.write(b);
      }
      if (b == -1 && line.size() == 0) return null;
      return line.toString(StandardCharsets.UTF_8);
    }

    /** Closes the connection from the server side. */
    public void hangUp() throws IOException {
      connection.close();
    }
  }

  private static byte[] headerOf(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    return (end < 0 ? text : text.substring(0, end + 4)).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Swallows the exception a write gets once the client has closed the connection. */
  public static void untilClosed(Answer answer, Session session, String tag, String command) {
    try {
      answer.answer(session, tag, command);
    } catch (SocketException e) {
      // the client closed the connection: what a bounded client does
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
