package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MultipartSplitter} against Jakarta Mail's {@code MimeMultipart} with the leniency the mapper used
 * before (the splitter replaced it): the same part ranges for every multipart of the corpus (also inside
 * embedded messages), for hand-made edge cases in CRLF and LF, for random byte soup, and from a file.
 */
class MultipartSplitterTest {

  static List<Corpus.Entry> entries() {
    return Corpus.entries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void splitsTheCorpusLikeJakarta(Corpus.Entry entry) throws Exception {
    byte[] message = Corpus.bytes(entry.path());
    assertThat(differences(message)).isEmpty();
    assertThat(differences(crlf(message))).isEmpty();
  }

  static Stream<Arguments> edgeCases() {
    List<Arguments> cases = new ArrayList<>();
    String[][] bodies = {
        {"b", "preamble\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo\n--b--\nepilogue\n"},
        {"b", "--b\n\nno preamble\n--b--"},
        {"b", "--b--\n--b\n\nafter the close delimiter\n--b--\n"},
        {"b", "--b \t \nX: y\n\nspaces after\n--b\t\n\nnext\n--b-- trailing text\n"},
        {"b", "--b  \n\nclose with spaces\n--b--  \nepilogue\n"},
        {"b", "--b\n\ninside x--b\n--bx\n--b-x\n --b\n--b-\nend\n--b--\n"},
        {"b", "--b\n\nmissing end\n"},
        {"b", "--b\n\nmissing end, no line break"},
        {"b", "--b\n\ncontent\n--b"},
        {"b", "--b\n\ncontent\n--b   "},
        {"b", "--b\n\ncontent\n--b-"},
        {"b", "--b\n\ncontent--b--\n"},
        {"b", "--b\n--b\n--b--\n"},
        {"b", "--b\n\n--b\n\n--b--\n"},
        {"b", "--b\nX: no empty line\n--b\nY: z\n\nbody\n--b--\n"},
        {"b", "--b\nX: no empty line, then the end\n"},
        {"b", "--b\n"},
        {"b", "--b"},
        {"b", ""},
        {"b", "no boundary lines at all\n-- b\n---b\n"},
        {"b", "--b\n\n\n\nblank lines\n\n\n--b--\n"},
        {"b", "--b\r\rX: y\r\rcr cr\r--b\r\r\n\r\ncr cr lf\r\r\n--b--\r"},
        {"b", "--b\r\n\r\nmixed\n--b\r\r\n\rcr\r--b\n\n\r\n--b--"},
        {"b", "--b\n\nlf then cr\n\r--b\n\ncr then lf\r\n\n--b--\n"},
        {"b", "\n--b\n\n\n--b\n\nx\n\n--b--\n"},
        {"b", "--b\n\nwhite space then eof\n--b \t"},
        {"b", "--b\n\nlong white space\n--b" + " ".repeat(2000) + "\n\nnext\n--b--\n"},
        {"b", "--b\n\nshort\n--b-- \n--b\n\nafter close\n"},
        {"b b", "--b b\n\nspace in boundary\n--b b --\n"},
        {"b ", "--b \n\ntrailing space in the parameter\n--b \n\nnext\n--b --\n"},
        {"a\"b\\c", "--a\"b\\c\n\nquote and backslash\n--a\"b\\c--\n"},
        {"=_x?y", "--=_x?y\n\nspecials\n--=_x?y--\n"},
        {"b-", "--b-\n\ndash\n--b--\n\nthat was a boundary line, this its part\n--b---\n"},
        {"--b", "----b\n\nleading dashes\n----b--\n"},
        {"outer", "--outer\nContent-Type: multipart/alternative; boundary=out\n\n--out\n\ninner one\n--out\n\n"
            + "inner two\n--out--\n--outer\n\nouter two\n--outer--\n"},
        {"b", "--b\nContent-Type: multipart/mixed; boundary=b2\n\n--b2\n\nnested\n--b\n\nouter again\n--b--\n"},
        {null, "preamble\n--zz\n\nfirst\n--zz--\n"},
        {null, "-----\n---\n\nthree dashes\n---\n\nnext\n-----\n"},
        {null, "------\n----\n\nfour dashes\n----\n\n------\n"},
        {null, "--\n-- \n--zz  \n\nguessed with spaces\n--zz\n\nnext\n--zz--\n"},
        {null, "--zz--\n\nclose as the guessed boundary\n--zz--\n\nx\n--zz----\n"},
        {null, "no dashes at all\n"},
        {null, "- -\n"},
        {"", "--b\n\nempty parameter\n--b--\n"},
    };
    for (String[] body : bodies) {
      cases.add(Arguments.of(body[0], body[1]));
      cases.add(Arguments.of(body[0], crlf(body[1].getBytes(StandardCharsets.ISO_8859_1))));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("edgeCases")
  void splitsEdgeCasesLikeJakarta(String boundary, Object body) throws Exception {
    byte[] bytes = body instanceof byte[] b ? b : ((String) body).getBytes(StandardCharsets.ISO_8859_1);
    byte[] framed = frame(bytes);
    ByteSource source = ByteSource.of(framed, 3, bytes.length + 4);
    long[][] expected = jakarta(source, 2, bytes.length + 2, boundary);
    assertThat(ranges(source, 2, bytes.length + 2, boundary)).isEqualTo(expected);
    // The parts as MimeNodes: the header block and the content of each range.
    List<MimeNode> parts = MultipartSplitter.split(source, 2, bytes.length + 2, boundary, false);
    assertThat(parts).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      HeaderBlock headers = HeaderBlock.read(new SourceInputStream(source, expected[i][0], expected[i][1], false));
      assertThat(parts.get(i).header("X")).isEqualTo(headers.first("X"));
      assertThat(parts.get(i).start()).isEqualTo(Math.min(expected[i][0] + headers.bodyStart(), expected[i][1]));
      assertThat(parts.get(i).end()).isEqualTo(expected[i][1]);
      assertThat(parts.get(i).raw().readAllBytes())
          .isEqualTo(Arrays.copyOfRange(framed, (int) parts.get(i).start() + 3, (int) parts.get(i).end() + 3));
    }
  }

  @Test
  void splitsRandomBytesLikeJakarta() throws Exception {
    Random random = new Random(20_240_601);
    byte[] alphabet = "--------b\r\n\r\n\n \t:x".getBytes(StandardCharsets.ISO_8859_1);
    String[] boundaries = {"b", "b-", "-b", "bb", null};
    for (int round = 0; round < 20_000; round++) {
      byte[] body = new byte[random.nextInt(60)];
      for (int i = 0; i < body.length; i++) body[i] = alphabet[random.nextInt(alphabet.length)];
      String boundary = boundaries[random.nextInt(boundaries.length)];
      ByteSource source = ByteSource.of(body);
      assertThat(ranges(source, 0, body.length, boundary))
          .as("%s in %s", boundary, new String(body, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"))
          .isEqualTo(jakarta(source, 0, body.length, boundary));
    }
  }

  @Test
  void splitsALargeFileLikeJakartaAndLikeAnArray(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("Content-Type: multipart/mixed; boundary=\"=_big\"\r\n\r\npreamble\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int part = 0; part < 300; part++) {
      out.write("--=_big\r\nContent-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int length = random.nextInt(40_000);
      for (int i = 0; i < length; i++) {
        int r = random.nextInt(80);
        out.write(r == 0 ? '\r' : r == 1 ? '\n' : r == 2 ? '-' : 'A' + r % 26);
      }
      out.write((random.nextBoolean() ? "\r\n" : "\n".repeat(1 + random.nextInt(2))).getBytes(StandardCharsets.US_ASCII));
    }
    out.write("--=_big--\r\n".getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = out.toByteArray();
    Path file = dir.resolve("big.eml");
    Files.write(file, bytes);
    long start = "Content-Type: multipart/mixed; boundary=\"=_big\"\r\n\r\n".length();
    long[][] fromArray = ranges(ByteSource.of(bytes), start, bytes.length, "=_big");
    assertThat(fromArray.length).isEqualTo(300);
    try (ByteSource source = ByteSource.open(file)) {
      assertThat(ranges(source, start, bytes.length, "=_big")).isEqualTo(fromArray);
      assertThat(jakarta(source, start, bytes.length, "=_big")).isEqualTo(fromArray);
    }
  }

  @Test
  void keepsJakartasVerdictOnASubtypeThatIsNoToken() {
    MessageContent content = new MessageMapper().map(MessageKey.of("acct", "INBOX", 1, 1), RawMessage.of(
        "Content-Type: multipart/mixed,; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII)));

    assertThat(content.state()).isEqualTo(ContentState.ERROR);
    assertThat(content.error()).startsWith("unparsable MIME structure: ParseException");
    assertThat(content.text()).isNull();
  }

  // ---- the comparison, also used by hand over other mailboxes ----

  /** Every multipart of {@code message} (also inside embedded messages) split both ways; the differences. */
  static List<String> differences(byte[] message) throws IOException {
    List<String> differences = new ArrayList<>();
    ByteSource source = ByteSource.of(message);
    HeaderBlock block = HeaderBlock.read(new SourceInputStream(source, 0, source.length(), false));
    compare(MimeNode.message(block, source, block.bodyStart(), source.length()), 0, false, differences);
    try (ByteSource file = new ChannelLike(message)) {
      HeaderBlock fileBlock = HeaderBlock.read(new SourceInputStream(file, 0, file.length(), false));
      List<String> fromFile = new ArrayList<>();
      compare(MimeNode.message(fileBlock, file, fileBlock.bodyStart(), file.length()), 0, false, fromFile);
      if (!fromFile.equals(differences)) differences.add("from a file: " + fromFile);
    }
    return differences;
  }

  private static void compare(MimeNode node, int depth, boolean inDigest, List<String> differences)
      throws IOException {
    if (depth > PartWalker.MAX_DEPTH) return;
    MimeValue contentType = MimeValue.parse(node.header("Content-Type"));
    String type = PartWalker.mediaType(contentType.value(), inDigest);
    if (TransferEncoding.of(node.header("Content-Transfer-Encoding")) != TransferEncoding.IDENTITY) return;
    if (type.equals("message/rfc822") || type.equals("message/global")) {
      HeaderBlock block = HeaderBlock.read(new SourceInputStream(node.source(), node.start(), node.end(), false));
      compare(MimeNode.message(block, node.source(), Math.min(node.start() + block.bodyStart(), node.end()),
          node.end()), depth + 1, false, differences);
      return;
    }
    if (!type.startsWith("multipart/")) return;
    String boundary = contentType.raw("boundary");
    long[][] ours = ranges(node.source(), node.start(), node.end(), boundary);
    long[][] theirs;
    try {
      theirs = jakarta(node.source(), node.start(), node.end(), boundary);
    } catch (MessagingException | RuntimeException e) {
      differences.add("Jakarta failed at " + node.start() + ": " + e);
      return;
    }
    if (!Arrays.deepEquals(ours, theirs)) {
      differences.add("multipart at " + node.start() + " (boundary " + boundary + "): ours "
          + Arrays.deepToString(ours) + ", Jakarta's " + Arrays.deepToString(theirs));
      return;
    }
    for (MimeNode child : MultipartSplitter.split(node.source(), node.start(), node.end(), boundary, false)) {
      compare(child, depth + 1, type.equals("multipart/digest"), differences);
    }
  }

  private static long[][] ranges(ByteSource source, long start, long end, String boundary) throws IOException {
    return MultipartSplitter.ranges(source, start, end, boundary).toArray(long[][]::new);
  }

  /** The part ranges Jakarta Mail finds, with the leniency and the content type the mapper gave it before. */
  static long[][] jakarta(ByteSource source, long start, long end, String boundary) throws MessagingException {
    String contentType = "multipart/mixed" + (boundary == null || boundary.isEmpty() ? "" : "; boundary="
        + PartWalker.quote(boundary));
    JakartaMultipart multipart = new JakartaMultipart(new DataSource() {
      @Override
      public InputStream getInputStream() {
        return new SharedSourceInputStream(source, start, end);
      }

      @Override
      public OutputStream getOutputStream() throws IOException {
        throw new IOException("read-only");
      }

      @Override
      public String getContentType() {
        return contentType;
      }

      @Override
      public String getName() {
        return "part";
      }
    });
    multipart.getCount();
    return multipart.ranges.toArray(long[][]::new);
  }

  /** Jakarta Mail's parser with every leniency on, recording the range of each part. */
  private static final class JakartaMultipart extends MimeMultipart {
    final List<long[]> ranges = new ArrayList<>();

    JakartaMultipart(DataSource source) throws MessagingException {
      super(source);
    }

    @Override
    protected void initializeProperties() {
      ignoreMissingEndBoundary = true;
      ignoreMissingBoundaryParameter = true;
      ignoreExistingBoundaryParameter = false;
      allowEmpty = true;
    }

    @Override
    protected MimeBodyPart createMimeBodyPart(InputStream in) {
      SharedSourceInputStream range = (SharedSourceInputStream) in;
      ranges.add(new long[] {range.absoluteStart(), range.absoluteEnd()});
      return new MimeBodyPart();
    }
  }

  /** A source without an array, read in small pieces: the splitter's buffered path. */
  private static final class ChannelLike extends ByteSource {
    private final byte[] bytes;

    ChannelLike(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    long length() {
      return bytes.length;
    }

    @Override
    int read(long position, byte[] dst, int off, int len) {
      if (position >= bytes.length) return -1;
      int n = (int) Math.min(Math.min(len, 1000), bytes.length - position);
      System.arraycopy(bytes, (int) position, dst, off, n);
      return n;
    }
  }

  /** {@code bytes} between two sentinel bytes on each side, so ranges must stay inside. */
  private static byte[] frame(byte[] bytes) {
    byte[] framed = new byte[bytes.length + 7];
    Arrays.fill(framed, (byte) '-');
    framed[0] = '\n';
    framed[framed.length - 1] = '\n';
    System.arraycopy(bytes, 0, framed, 5, bytes.length);
    return framed;
  }

  /** LF line ends turned into CRLF, as IMAP sends messages. */
  static byte[] crlf(byte[] lf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(lf.length + lf.length / 40);
    for (int i = 0; i < lf.length; i++) {
      if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) out.write('\r');
      out.write(lf[i]);
    }
    return out.toByteArray();
  }
}
