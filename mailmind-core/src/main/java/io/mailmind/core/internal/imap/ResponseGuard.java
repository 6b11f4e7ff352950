package io.mailmind.core.internal.imap;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailConnectionException.Kind;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bounds on what the server of one connection ({@link ImapConnection}, or the IDLE supervisor's) may send, and the command under way: the longest
 * response text, the largest literal, how many untagged responses one command may bring, and when the command
 * must be over. Angus Mail reads each response whole into memory before parsing it; the sockets of the connection
 * read through a {@link GuardedInputStream} that checks these bounds on the bytes as they arrive, so an oversized
 * response is refused before Angus allocates room for it.
 *
 * <p>A bound that is hit is a {@link Violation}: it is kept (the first one only), every later read of the
 * connection fails with it, and the connection is closed by its owner. Thread-safe: the owner sets the command,
 * the reading thread checks it.
 */
public final class ResponseGuard {
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  /** What went wrong, as the owner reports it; {@code timeout} for a deadline, else a protocol violation. */
  public record Violation(String message, boolean timeout) {}

  /** Thrown from the guarded stream; Angus turns it into a BYE, the owner reports the {@link Violation}. */
  static final class LimitException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
      super(message);
    }
  }

  private final int maxLineBytes;
  private final long maxLiteralBytes;
  private final LongSupplier ticker;
  private final Set<GuardedInputStream> streams = ConcurrentHashMap.newKeySet();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

  private volatile String command = "the greeting";
  private volatile long deadline = NO_DEADLINE;
  private volatile String deadlineName = "";
  private volatile int maxResponses = Integer.MAX_VALUE;
  private volatile long literalCap;
  private volatile int untagged;
  private volatile int fetches;
  private volatile long received;
  private volatile Violation violation;

  /** @param ticker {@link System#nanoTime()}, or a test's clock */
  ResponseGuard(int maxLineBytes, long maxLiteralBytes, LongSupplier ticker) {
    this.maxLineBytes = maxLineBytes;
    this.maxLiteralBytes = maxLiteralBytes;
    this.ticker = ticker;
    this.literalCap = maxLiteralBytes;
  }

  /** The guard of a new connection, with the bounds of {@code options} and the system's clock. */
  public static ResponseGuard of(SyncOptions options) {
    return new ResponseGuard(options.maxLineBytes(), ImapConnection.maxLiteralBytes(options), System::nanoTime);
  }

  /**
   * A command begins: its responses are counted from here.
   *
   * @param command      what it is, for messages ("UID FETCH 7 (UID BODY.PEEK[]) in INBOX")
   * @param deadline     {@link #ticker} time by which its last response must be in, or {@link #NO_DEADLINE}
   * @param deadlineName what set the deadline, for messages ("the command timeout of PT10M")
   * @param maxResponses untagged responses it may bring
   * @param literalCap   the largest literal it may bring (at most the configured maximum)
   */
  public void begin(String command, long deadline, String deadlineName, int maxResponses, long literalCap) {
    this.command = command;
    this.deadlineName = deadlineName;
    this.maxResponses = maxResponses;
    this.literalCap = Math.min(literalCap, maxLiteralBytes);
    this.untagged = 0;
    this.fetches = 0;
    this.received = 0;
    this.deadline = deadline;
  }

  /** The command is over: no deadline and no count until the next one (Angus may still read, e.g. at close). */
  public void end() {
    deadline = NO_DEADLINE;
    maxResponses = Integer.MAX_VALUE;
    literalCap = maxLiteralBytes;
    command = "a response outside a command";
  }

  /** The first bound hit on this connection, or null. */
  public Violation violation() {
    return violation;
  }

  /** The untagged FETCH responses of the current command that arrived whole (parsed by Angus or not). */
  int fetchResponses() {
    return fetches;
  }

  public long now() {
    return ticker.getAsLong();
  }

  long deadline() {
    return deadline;
  }

  int maxLineBytes() {
    return maxLineBytes;
  }

  /** The largest literal the current command may bring, given the message's RFC822.SIZE when known (else -1). */
  long literalLimit(long messageSize) {
    long cap = literalCap;
    // RFC822.SIZE is the exact size, but a server may count bare LFs it sends as CRLF: allow twice it, plus a margin.
    if (messageSize >= 0) cap = Math.min(cap, 2 * messageSize + 64 * 1024);
    return cap;
  }

  /** One untagged response arrived whole; {@code fetch} when it was a FETCH. Fails past the command's bound. */
  void untaggedResponse(boolean fetch) throws LimitException {
    int count = ++untagged;
    if (fetch) fetches++;
    if (count > maxResponses) {
      throw violate("the server sent more than " + maxResponses + " untagged responses to " + command, false);
    }
  }

  void received(long bytes) {
    received += bytes;
  }

  /** Records the first violation and returns the exception the stream throws. */
  LimitException violate(String message, boolean timeout) {
    Violation first = violation;
    if (first == null) {
      first = new Violation(message, timeout);
      violation = first;
    }
    return new LimitException(first.message());
  }

  /** The exception for a deadline that has passed. */
  LimitException expired() {
    return violate("the server's response to " + command + " did not end within " + deadlineName + " ("
        + received + " bytes received)", true);
  }

  /** Fails when a bound was hit before: the stream is out of step with the server from then on. */
  void checkNotViolated() throws LimitException {
    Violation first = violation;
    if (first != null) throw new LimitException(first.message());
  }

  String command() {
    return command;
  }

  void register(GuardedInputStream stream) {
    streams.add(stream);
  }

  void register(Socket socket) {
    sockets.removeIf(Socket::isClosed);
    sockets.add(socket);
  }

  /**
   * STARTTLS: TLS is being layered over the plain socket with this local port. Its stream now carries TLS records,
   * not IMAP: it stops checking, the TLS socket's stream checks instead.
   */
  void layered(int localPort) {
    for (GuardedInputStream stream : streams) {
      if (stream.localPort() == localPort) stream.passThrough();
    }
  }

  /** Closes every socket of the connection now, from any thread: reads in progress end at once. */
  void abort() {
    for (Socket socket : List.copyOf(sockets)) Closeables.closeQuietly(socket);
  }

  /**
   * What an exchange's failure was: a bound hit (a stall as {@link Kind#TRANSIENT} with a
   * {@link java.net.SocketTimeoutException} cause, like a socket's own read timeout; else {@link Kind#PROTOCOL}), a
   * response Angus could not read, no heap left, or else.
   */
  public MailConnectionException failure(ImapAccount account, String what, Throwable e) {
    Violation first = violation;
    if (first != null) {
      if (first.timeout()) {
        java.net.SocketTimeoutException stall = new java.net.SocketTimeoutException(first.message());
        stall.initCause(e);
        return new MailConnectionException(Kind.TRANSIENT, account.id() + " - " + first.message(), stall);
      }
      return new MailConnectionException(Kind.PROTOCOL, account.id() + " - " + first.message(), e);
    }
    if (e instanceof OutOfMemoryError) {
      return new MailConnectionException(Kind.PROTOCOL, account.id() + " - out of memory reading the server's "
          + "response to " + what + " (heap " + Runtime.getRuntime().maxMemory() + " bytes): " + e.getMessage(), e);
    }
    if (e instanceof MailConnectionException mce) return mce;
    if (e instanceof RuntimeException) {
      return new MailConnectionException(Kind.PROTOCOL, account.id() + " - protocol violation: the server's response "
          + "to " + what + " could not be parsed: " + e, e);
    }
    return ImapErrors.translate(account.id() + " - " + what, (Exception) e);
  }
}
