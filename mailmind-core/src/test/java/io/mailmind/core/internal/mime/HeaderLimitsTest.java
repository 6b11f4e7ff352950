package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link HeaderBlock} keeps of huge header blocks, and that such messages still map with a small heap. */
class HeaderLimitsTest {
  private static final MessageKey KEY = MessageKey.of("acct", "INBOX", 1, 1);
  private static final int HUGE = 20 * 1024 * 1024;

  /**
   * A message whose second header line is {@code length} bytes of {@code X-Long}, with MIME fields after it, a
   * text body and one attachment.
   */
  static void writeMessage(OutputStream out, int length) throws IOException {
    out.write(ascii("From: Ann <ann@example.org>\r\nX-Long: "));
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'a');
    for (int left = length; left > 0; left -= chunk.length) out.write(chunk, 0, Math.min(left, chunk.length));
    out.write(ascii("\r\nSubject: after the long line\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nthe body\r\n"
        + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n--b1--\r\n"));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aTwentyMegabyteHeaderLineIsKeptToTheFieldCap() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HUGE + 1024);
    try {
      writeMessage(bytes, HUGE);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    byte[] message = bytes.toByteArray();

    HeaderBlock block = HeaderBlock.parse(message);
    assertThat(block.first("X-Long")).hasSize(HeaderBlock.MAX_FIELD_CHARS);
    assertThat(block.first("Subject")).isEqualTo("after the long line");
    assertThat(block.text().length()).isLessThanOrEqualTo(HeaderBlock.MAX_KEPT_BYTES);
    assertThat(block.cut()).contains("X-Long").contains(String.valueOf(HUGE - HeaderBlock.MAX_FIELD_CHARS));
    assertThat(message[(int) block.bodyStart()]).isEqualTo((byte) '-');

    MessageContent content = new MessageMapper().map(KEY, RawMessage.of(message));
    assertMappedWithBody(content);
  }

  static void assertMappedWithBody(MessageContent content) {
    assertThat(content.headers().subject()).isEqualTo("after the long line");
    assertThat(content.headers().from()).hasSize(1);
    assertThat(content.text()).isEqualTo("the body");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::size)
        .containsExactly(tuple("a.bin", 6L));
    assertThat(content.rawHeaders()).startsWith("From: Ann").contains("Subject: after the long line")
        .hasSizeLessThanOrEqualTo(HeaderBlock.MAX_KEPT_BYTES);
    assertThat(content.state()).isEqualTo(ContentState.ERROR);
    assertThat(content.error()).startsWith("header block cut").contains("X-Long");
  }

  @Test
  void aTwentyMegabyteHeaderLineMapsWithA128MegabyteHeap(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("huge-header.eml");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      writeMessage(out, HUGE);
    }
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), Child.class.getName(), file.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(2, TimeUnit.MINUTES);
    if (!ended) child.destroyForcibly();

    String output = Files.readString(log);
    assertThat(ended).as(output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("mapped: the body");
  }

  @Test
  void manyLargeFieldsAreKeptToTheBlockCapAndTheBodyIsStillFound() {
    StringBuilder text = new StringBuilder("From: ann@example.org\r\n");
    String big = "b".repeat(HeaderBlock.MAX_FIELD_CHARS / 2);
    int fields = HeaderBlock.MAX_KEPT_BYTES / big.length() + 3;
    for (int i = 0; i < fields; i++) text.append("X-Big-").append(i).append(": ").append(big).append("\r\n");
    text.append("Subject: late\r\n").append("X-Folded: one\r\n ").append("c".repeat(HeaderBlock.MAX_FIELD_CHARS))
        .append("\r\n two\r\n\r\nthe body\r\n");
    byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);

    HeaderBlock block = HeaderBlock.parse(message);

    assertThat(block.text().length()).isLessThanOrEqualTo(HeaderBlock.MAX_KEPT_BYTES);
    assertThat(block.first("From")).isEqualTo("ann@example.org");
    assertThat(block.first("X-Big-" + (fields - 1))).isNull();
    assertThat(block.cut()).startsWith("header block cut");
    assertThat(new String(message, (int) block.bodyStart(), 10, StandardCharsets.US_ASCII)).isEqualTo("the body\r\n");
    MessageContent content = new MessageMapper().map(KEY, RawMessage.of(message));
    assertThat(content.text()).isEqualTo("the body\r\n");
    assertThat(content.error()).startsWith("header block cut");
  }

  @Test
  void aFoldedFieldIsKeptToTheFieldCap() {
    String line = "d".repeat(300_000);
    StringBuilder text = new StringBuilder("Subject: s\r\nX-Folded: start");
    for (int i = 0; i < 5; i++) text.append("\r\n ").append(line);
    text.append("\r\nTo: bob@example.org\r\n\r\nbody");

    HeaderBlock block = HeaderBlock.parse(text.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(block.first("X-Folded")).hasSize(HeaderBlock.MAX_FIELD_CHARS).startsWith("start ddd");
    assertThat(block.first("To")).isEqualTo("bob@example.org");
    assertThat(block.cut()).contains("X-Folded");
  }

  @Test
  void ordinaryAndLargeButAllowedHeadersAreNotCut() {
    HeaderBlock block = HeaderBlock.parse(ascii("Subject: s\r\nX-Wide: " + "w".repeat(200_000) + "\r\n\r\nbody"));

    assertThat(block.first("X-Wide")).hasSize(200_000);
    assertThat(block.cut()).isNull();
    MessageContent content = new MessageMapper().map(KEY, RawMessage.of(ascii("Subject: s\r\n\r\nbody")));
    assertThat(content.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(content.error()).isNull();
  }

  /** Maps the message file given as the argument and prints what came through; exits non-zero on failure. */
  public static final class Child {
    public static void main(String[] args) {
      MessageContent content = new MessageMapper().map(KEY, RawMessage.of(Path.of(args[0])));
      assertMappedWithBody(content);
      List<Attachment> attachments = content.attachments();
      System.out.println("mapped: " + content.text() + ", " + attachments.size() + " attachment, heap max "
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    }
  }
}
