package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The response bounds, checked on bytes as they arrive, with a virtual clock for the deadlines. */
class GuardedInputStreamTest {
  private final AtomicLong nanos = new AtomicLong();
  private final ResponseGuard guard = new ResponseGuard(1024, 1 << 20, nanos::get);

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private byte[] readAll(InputStream in) throws IOException {
    return new GuardedInputStream(in, guard, null).readAllBytes();
  }

  private byte[] readAll(String text) throws IOException {
    return readAll(new ByteArrayInputStream(ascii(text)));
  }

  @Test
  void literalWithinItsBoundPassesWhateverItHolds() throws IOException {
    guard.begin("UID FETCH 7 (UID RFC822.SIZE BODY.PEEK[])", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    String literal = "a line\r\n{999999999}\r\n* 5 EXISTS\r\n";
    String text = "* 1 FETCH (UID 7 RFC822.SIZE " + literal.length() + " BODY[] {" + literal.length() + "}\r\n" + literal
        + ")\r\nA1 OK done\r\n";

    assertThat(readAll(text)).isEqualTo(ascii(text));
    assertThat(guard.fetchResponses()).isEqualTo(1);
    assertThat(guard.violation()).isNull();
  }

  @Test
  void literalOverTwiceTheSizeIsRefusedAtItsAnnouncement() {
    guard.begin("UID FETCH 7 (UID RFC822.SIZE BODY.PEEK[]) in INBOX", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    InputStream endless = new InputStream() {
      private final byte[] head = ascii("* 1 FETCH (UID 7 RFC822.SIZE 10 BODY[] {100000}\r\n");
      private int index;

      @Override
      public int read() {
        return index < head.length ? head[index++] : 'x';
      }
    };

    assertThatThrownBy(() -> readAll(endless)).isInstanceOf(ResponseGuard.LimitException.class)
        .hasMessage("the server sent a literal of 100000 bytes for UID 7, over the limit of 65556 bytes (RFC822.SIZE "
            + "10), in its response to UID FETCH 7 (UID RFC822.SIZE BODY.PEEK[]) in INBOX");
  }

  @Test
  void negativeAndOverlongLiteralsAreViolations() {
    guard.begin("FETCH", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    assertThatThrownBy(() -> readAll("* 1 FETCH (UID 3 BODY[] {-5}\r\n")).hasMessageContaining(
        "protocol violation: the server announced a literal of -5 bytes for UID 3");
  }

  @Test
  void literalLongerThanALongIsOverTheLimit() {
    guard.begin("FETCH", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    assertThatThrownBy(() -> readAll("* 1 FETCH (BODY[] {99999999999999999999999}\r\n")).hasMessageContaining(
        "literal of 99999999999999999999999 bytes, over the limit of 1048576 bytes");
  }

  @Test
  void braceTextThatIsNotANumberIsNoLiteral() throws IOException {
    guard.begin("LIST", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    String text = "* LIST () \"/\" {abc}\r\nA1 OK done\r\n";
    assertThat(readAll(text)).isEqualTo(ascii(text));
  }

  @Test
  void lineOverTheLimitFailsAndEveryLaterReadToo() throws IOException {
    guard.begin("LIST", ResponseGuard.NO_DEADLINE, "", 10, 1 << 20);
    GuardedInputStream in = new GuardedInputStream(new ByteArrayInputStream(ascii("* " + "x".repeat(2000))), guard, null);

    assertThatThrownBy(in::readAllBytes).hasMessage("protocol violation: the server sent a response line longer than "
        + "1024 bytes in its response to LIST");
    assertThatThrownBy(() -> in.read(new byte[10], 0, 10)).isInstanceOf(ResponseGuard.LimitException.class);
    assertThat(guard.violation().timeout()).isFalse();
  }

  @Test
  void untaggedResponsesAreCountedPerCommand() {
    guard.begin("EXAMINE INBOX", ResponseGuard.NO_DEADLINE, "", 3, 1 << 20);
    assertThatThrownBy(() -> readAll("* 1 EXISTS\r\n+ go on\r\n* 2 EXISTS\r\n* 3 EXISTS\r\n* 4 EXISTS\r\n"))
        .hasMessage("the server sent more than 3 untagged responses to EXAMINE INBOX");
  }

  @Test
  void commandPastItsDeadlineFailsOnTheNextRead() throws IOException {
    guard.begin("UID FETCH 1:3 (UID BODY.PEEK[])", 1_000, "the command timeout of PT0.000001S", 10, 1 << 20);
    InputStream drip = new InputStream() {
      @Override
      public int read() {
        nanos.addAndGet(600); // each byte arrives 600 ns after the one before
        return 'a';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        b[off] = (byte) read();
        return 1;
      }
    };
    GuardedInputStream in = new GuardedInputStream(drip, guard, null);

    assertThat(in.read(new byte[8], 0, 8)).isEqualTo(1);
    assertThat(in.read(new byte[8], 0, 8)).isEqualTo(1);
    assertThatThrownBy(() -> in.read(new byte[8], 0, 8)).hasMessage("the server's response to UID FETCH 1:3 "
        + "(UID BODY.PEEK[]) did not end within the command timeout of PT0.000001S (2 bytes received)");
    assertThat(guard.violation().timeout()).isTrue();
  }

  @Test
  void betweenCommandsThereIsNoDeadlineAndNoCount() throws IOException {
    guard.begin("NOOP", 1_000, "the command timeout", 1, 1 << 20);
    guard.end();
    nanos.set(5_000);
    String text = "* 1 EXISTS\r\n* 2 EXISTS\r\n* 3 EXISTS\r\n";
    assertThat(readAll(text)).isEqualTo(ascii(text));
  }

  @Test
  void afterStartTlsThePlainStreamIsNotChecked() throws IOException {
    guard.begin("STARTTLS", ResponseGuard.NO_DEADLINE, "", 1, 1 << 20);
    GuardedInputStream in = new GuardedInputStream(new ByteArrayInputStream(new byte[5000]), guard, null);
    in.passThrough();
    assertThat(in.readAllBytes()).hasSize(5000);
  }
}
