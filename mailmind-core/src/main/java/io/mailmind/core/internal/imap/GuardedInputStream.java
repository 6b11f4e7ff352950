package io.mailmind.core.internal.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The input of one IMAP socket, read through the bounds of its {@link ResponseGuard}. It follows the response
 * structure as the bytes pass (text up to CRLF, a literal announced by {@code {n}} at the end of a line, then text
 * again) and fails the read that would hand Angus Mail a response over a bound: text longer than the line limit,
 * a literal that is negative, unparseable or over the limit (checked as soon as its announcement arrives, before
 * Angus allocates room for it), more untagged responses than the command may bring, or a command past its
 * deadline. Literal bytes are counted, not inspected.
 *
 * <p>Not thread-safe: one reader, as Angus reads a connection under its protocol lock.
 */
final class GuardedInputStream extends FilterInputStream {
  private static final int OTHER = 0;
  private static final int STAR = 1;
  private static final int UID = 2;
  private static final int SIZE = 3;
  private static final int NUMBER = 4;

  private final ResponseGuard guard;
  private final Socket socket;
  private volatile boolean passThrough;

  private long literalLeft;
  private long textBytes;
  private boolean responseStart = true;
  private boolean untaggedResponse;
  private byte previous;
  /** The bytes after the last '{' of the current text, while it could still announce a literal; else -1. */
  private final byte[] brace = new byte[24];
  private int braceLength = -1;
  /** The current token (bytes between spaces, parentheses and CRLF), its first bytes only. */
  private final byte[] token = new byte[24];
  private int tokenLength;
  private int tokenIndex;
  private int previousToken = OTHER;
  private boolean fetch;
  private String uid;
  private long size = -1;

  GuardedInputStream(InputStream in, ResponseGuard guard, Socket socket) {
    super(in);
    this.guard = guard;
    this.socket = socket;
    guard.register(this);
  }

  int localPort() {
    return socket == null ? -1 : socket.getLocalPort();
  }

  /** Stops checking: TLS is layered over this stream (STARTTLS). */
  void passThrough() {
    passThrough = true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (passThrough) return in.read(buffer, offset, length);
    guard.checkNotViolated();
    int n = timedRead(buffer, offset, length);
    if (n > 0) {
      guard.received(n);
      scan(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Reads, waiting no longer than the command's deadline allows: the socket's own timeout (Angus' read timeout, or
   * what the IDLE connection set for its round) is shortened near the deadline, never lengthened.
   */
  private int timedRead(byte[] buffer, int offset, int length) throws IOException {
    long deadline = guard.deadline();
    if (deadline == ResponseGuard.NO_DEADLINE) return in.read(buffer, offset, length);
    long left = deadline - guard.now();
    if (left <= 0) throw guard.expired();
    if (socket == null) return in.read(buffer, offset, length);
    int readTimeout = socket.getSoTimeout();
    long leftMillis = Math.max(1, (left + 999_999) / 1_000_000);
    boolean shortened = readTimeout <= 0 || leftMillis < readTimeout;
    if (shortened) socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
    try {
      return in.read(buffer, offset, length);
    } catch (SocketTimeoutException e) {
      if (guard.now() - deadline >= 0) throw guard.expired();
      throw e;
    } finally {
      if (shortened && !socket.isClosed()) socket.setSoTimeout(Math.max(0, readTimeout));
    }
  }

  /** Follows the response structure over {@code n} bytes just read; throws before they reach Angus. */
  void scan(byte[] buffer, int offset, int n) throws IOException {
    int i = offset;
    int end = offset + n;
    while (i < end) {
      if (literalLeft > 0) {
        int take = (int) Math.min(literalLeft, end - i);
        literalLeft -= take;
        i += take;
        continue;
      }
      text(buffer[i++]);
    }
  }

  private void text(byte b) throws IOException {
    if (responseStart) {
      responseStart = false;
      untaggedResponse = b == '*';
    }
    if (++textBytes > guard.maxLineBytes()) {
      throw guard.violate("protocol violation: the server sent a response line longer than " + guard.maxLineBytes()
          + " bytes" + forMessage() + " in its response to " + guard.command(), false);
    }
    if (b == ' ' || b == '(' || b == ')' || b == '\r' || b == '\n') {
      endToken();
    } else if (tokenLength < token.length) {
      token[tokenLength++] = b;
    } else {
      tokenLength = token.length + 1; // too long to matter
    }
    if (b == '{') {
      braceLength = 0;
    } else if (braceLength >= 0 && b != '\r' && b != '\n') {
      if (braceLength < brace.length) brace[braceLength++] = b;
      else braceLength = -1;
    }
    if (b == '\n' && previous == '\r') {
      lineEnd();
      previous = 0;
      return;
    }
    previous = b;
  }

  /** A CRLF: either a literal follows, or the response is complete. */
  private void lineEnd() throws IOException {
    // The text "...{n}" + CRLF announces n bytes (Angus looks for '}' just before CRLF and the last '{' before it).
    if (braceLength >= 1 && brace[braceLength - 1] == '}') {
      String announced = new String(brace, 0, braceLength - 1, java.nio.charset.StandardCharsets.US_ASCII);
      braceLength = -1;
      if (announced.matches("[+-]?[0-9]+")) {
        literal(announced);
        return;
      }
    }
    braceLength = -1;
    if (untaggedResponse) guard.untaggedResponse(fetch);
    responseStart = true;
    textBytes = 0;
    tokenIndex = 0;
    previousToken = OTHER;
    fetch = false;
    uid = null;
    size = -1;
  }

  private void literal(String announced) throws IOException {
    long count;
    try {
      count = Long.parseLong(announced);
    } catch (NumberFormatException e) {
      count = Long.MAX_VALUE; // more digits than a long holds
    }
    long limit = guard.literalLimit(size);
    if (count < 0) {
      throw guard.violate("protocol violation: the server announced a literal of " + announced + " bytes"
          + forMessage() + " in its response to " + guard.command(), false);
    }
    if (count > limit) {
      throw guard.violate("the server sent a literal of " + announced + " bytes" + forMessage()
          + ", over the limit of " + limit + " bytes" + (size >= 0 ? " (RFC822.SIZE " + size + ")" : "")
          + ", in its response to " + guard.command(), false);
    }
    literalLeft = count;
    tokenLength = 0;
    previousToken = OTHER;
  }

  private String forMessage() {
    if (uid != null) return " for UID " + uid;
    return "";
  }

  private void endToken() {
    if (tokenLength == 0) return;
    int kind = kind();
    if (previousToken == UID && uid == null) uid = new String(token, 0, Math.min(tokenLength, token.length),
        java.nio.charset.StandardCharsets.US_ASCII);
    if (previousToken == SIZE && kind == NUMBER) size = number();
    if (tokenIndex == 2 && kind == OTHER && is("FETCH")) fetch = untaggedResponse;
    previousToken = kind;
    tokenIndex++;
    tokenLength = 0;
  }

  private int kind() {
    if (tokenLength > token.length) return OTHER;
    if (tokenLength == 1 && token[0] == '*') return STAR;
    if (is("UID")) return UID;
    if (is("RFC822.SIZE")) return SIZE;
    for (int i = 0; i < tokenLength; i++) {
      if (token[i] < '0' || token[i] > '9') return OTHER;
    }
    return NUMBER;
  }

  private boolean is(String word) {
    if (tokenLength != word.length()) return false;
    for (int i = 0; i < tokenLength; i++) {
      int c = token[i];
      if (c >= 'a' && c <= 'z') c -= 'a' - 'A';
      if (c != word.charAt(i)) return false;
    }
    return true;
  }

  /** The current token as a number; Long.MAX_VALUE when it has more digits than a long holds. */
  private long number() {
    if (tokenLength > 18) return Long.MAX_VALUE;
    long value = 0;
    for (int i = 0; i < tokenLength; i++) value = value * 10 + (token[i] - '0');
    return value;
  }
}
