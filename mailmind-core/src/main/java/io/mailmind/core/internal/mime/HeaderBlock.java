package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The header block of a message or part, read at byte level. A UTF-8 byte order mark and an mbox {@code From }
 * line in front are skipped. Lines end at LF, CRLF or a lone CR; a line starting with a space or tab continues
 * the field before it (a leading one is ignored). The block ends at the first empty line, or at the first line
 * that is neither a field nor a continuation (that line is the first line of the body). Field values are
 * unfolded (line breaks removed, the white space kept) and kept as ISO-8859-1 carrier strings: one char per
 * byte, decoded later by {@link RawText}. Immutable.
 *
 * <p>What is kept is bounded, so a huge header cannot exhaust the heap: one field's unfolded value to
 * {@link #MAX_FIELD_CHARS}, one line to that and room for its field name in {@link #text()}, and the whole block to
 * {@link #MAX_KEPT_BYTES}; fields after that are dropped. The rest is still read (not kept) to find where the
 * body starts, and {@link #cut()} says what was left out.
 */
final class HeaderBlock {
  /**
   * The most of one field value (unfolded) kept: 1 MiB. Real fields stay far below; the largest of the test
   * corpus is a 135 KB To: list.
   */
  static final int MAX_FIELD_CHARS = 1024 * 1024;
  /**
   * The most header bytes kept for parsing and for {@link #text()}: 4 MiB (the test corpus's largest header
   * block has 210 KB). Lines after it are read to find the body but dropped.
   */
  static final int MAX_KEPT_BYTES = 4 * 1024 * 1024;
  private static final int MAX_NAME = 128;
  private static final int LOOK_AHEAD = 256;

  /** One header field: its name as written (trimmed) and its unfolded value as a carrier string. */
  record Field(String name, String value) {}

  private final List<Field> fields;
  private final byte[] raw;
  private final int rawLength;
  private final long bodyStart;
  private final boolean eightBit;
  private final String cut;

  private HeaderBlock(List<Field> fields, byte[] raw, int rawLength, long bodyStart, String cut) {
    this.fields = fields;
    this.raw = raw;
    this.rawLength = rawLength;
    this.bodyStart = bodyStart;
    this.cut = cut;
    boolean high = false;
    for (int i = 0; i < rawLength && !high; i++) high = raw[i] < 0;
    this.eightBit = high;
  }

  /** Whether the block holds raw bytes above 0x7F. */
  boolean eightBit() {
    return eightBit;
  }

  /** Reads a header block from {@code in}, which must be at its start and support mark/reset. */
  static HeaderBlock read(InputStream in) throws IOException {
    return new Reader(in).read();
  }

  static HeaderBlock parse(byte[] bytes) {
    try {
      return read(new SourceInputStream(ByteSource.of(bytes), 0, bytes.length, false));
    } catch (IOException e) {
      throw new IllegalStateException("reading an array failed", e);
    }
  }

  /** The offset (from the start of the stream read) of the first body byte. */
  long bodyStart() {
    return bodyStart;
  }

  /** What the limits left out of the block ({@code "header block cut: ..."}), or {@code null} when nothing. */
  String cut() {
    return cut;
  }

  /** The first value of field {@code name} (case-insensitive), or {@code null}. */
  String first(String name) {
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) return field.value;
    }
    return null;
  }

  /** Every value of field {@code name}, in order. */
  List<String> all(String name) {
    List<String> values = new ArrayList<>(1);
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) values.add(field.value);
    }
    return values;
  }

  /** The header block as text: UTF-8, invalid bytes replaced, without the blank line that ends it. */
  String text() {
    return RawText.noNul(new String(raw, 0, rawLength, StandardCharsets.UTF_8));
  }

  private static final class Reader {
    /** Bytes of each line always read into {@link #raw}, kept or not: enough to tell a field from the body. */
    private static final int CLASSIFY = MAX_NAME + 1;
    /** The room a line needs in {@link #raw} to be kept at all once the block nears {@link #MAX_KEPT_BYTES}. */
    private static final int MIN_ROOM = LOOK_AHEAD;

    private final InputStream in;
    private byte[] raw = new byte[1024];
    /** The bytes kept in {@link #raw}. */
    private int length;
    private final List<Field> fields = new ArrayList<>();
    /** The field being read: its name, and its value unless it is dropped. */
    private String name;
    private StringBuilder value;
    /** Bytes consumed from the stream. */
    private long consumed;
    /** The content length of the line last read (without its terminator), and how much of it was not stored. */
    private long lineBytes;
    private long lineUnstored;
    /** Header bytes not kept in field values, and the first field that lost some. */
    private long lost;
    private String firstCut;

    Reader(InputStream in) {
      this.in = in;
    }

    HeaderBlock read() throws IOException {
      skipPreamble();
      while (true) {
        int lineStart = length;
        long lineOffset = consumed;
        int room = MAX_KEPT_BYTES - length - 3; // a terminator has up to 3 bytes (CR CR LF)
        boolean keep = room >= MIN_ROOM;
        int lineEnd = readLine(keep ? Math.min(MAX_FIELD_CHARS + LOOK_AHEAD, room) : CLASSIFY);
        if (lineEnd < 0) break;
        if (lineBytes == 0) { // the empty line that ends the block
          length = lineStart;
          break;
        }
        byte first = raw[lineStart];
        boolean space = first == ' ' || first == '\t';
        int colon = space ? -1 : nameEnd(lineStart, lineEnd);
        if (colon < 0 && !space && !(name != null && nextLineContinuesHeader())) {
          length = lineStart;
          finishField();
          return block(lineOffset);
        }
        if (colon >= 0) {
          finishField();
          name = new String(raw, lineStart, colon - lineStart, StandardCharsets.ISO_8859_1).trim();
          if (keep) {
            value = new StringBuilder();
            appendValue(colon + 1, lineEnd, false);
          } else {
            noteCut(lineBytes - (colon + 1 - lineStart));
          }
        } else if (name != null) {
          if (keep && value != null) {
            appendValue(lineStart, lineEnd, !space);
          } else {
            noteCut(lineBytes);
          }
        }
        if (!keep) length = lineStart;
      }
      finishField();
      return block(consumed);
    }

    private HeaderBlock block(long bodyStart) {
      String cut = lost == 0 ? null : "header block cut: " + lost + " bytes of field values not kept, first in "
          + firstCut + " (kept: " + MAX_FIELD_CHARS + " bytes of a field, " + MAX_KEPT_BYTES + " of the block)";
      return new HeaderBlock(List.copyOf(fields), raw, length, bodyStart, cut);
    }

    /**
     * Appends the value bytes {@code raw[from, to)} of the line last read to the field, up to
     * {@link #MAX_FIELD_CHARS} not counting the white space it starts with; {@code joined}: a line of a field
     * folded without white space, joined with a space.
     */
    private void appendValue(int from, int to, boolean joined) {
      int start = from;
      if (value.length() == 0) {
        while (start < to && (raw[start] == ' ' || raw[start] == '\t')) start++;
      } else if (joined && value.length() < MAX_FIELD_CHARS) {
        value.append(' ');
      }
      int take = Math.max(0, Math.min(MAX_FIELD_CHARS - value.length(), to - start));
      value.append(new String(raw, start, take, StandardCharsets.ISO_8859_1));
      noteCut(to - start - take + lineUnstored);
    }

    /** Notes that {@code bytes} of the current field were not kept. */
    private void noteCut(long bytes) {
      if (bytes <= 0) return;
      lost += bytes;
      if (firstCut == null) firstCut = name;
    }

    private void finishField() {
      if (name != null && value != null) fields.add(new Field(name, value.toString()));
      name = null;
      value = null;
    }

    /** The index of the colon ending a valid field name in the line, or -1 when the line is no field. */
    private int nameEnd(int lineStart, int lineEnd) {
      int limit = Math.min(lineEnd, lineStart + MAX_NAME);
      for (int i = lineStart; i < limit; i++) {
        int b = raw[i] & 0xff;
        if (b == ':') return i > lineStart ? i : -1;
        if (b < 0x20 && b != '\t' || b > 0x7e) return -1;
      }
      return -1;
    }

    /**
     * Whether the line after the current one is a header field or a continuation: then the current line, which
     * is neither, is a field broken by a mailer that folded without white space, not the start of the body.
     */
    private boolean nextLineContinuesHeader() throws IOException {
      byte[] next = peekLine();
      if (next.length == 0) return false;
      if (next[0] == ' ' || next[0] == '\t') return true;
      for (int i = 0; i < next.length && i < MAX_NAME; i++) {
        int c = next[i] & 0xff;
        if (c == ':') return i > 0;
        if (c <= 0x20 || c > 0x7e) return false;
      }
      return false;
    }

    /** Up to {@link #LOOK_AHEAD} bytes of the next line, without its terminator and without consuming it. */
    private byte[] peekLine() throws IOException {
      in.mark(LOOK_AHEAD + 2);
      try {
        byte[] line = new byte[LOOK_AHEAD];
        int n = 0;
        int b;
        while (n < LOOK_AHEAD && (b = in.read()) != -1 && b != '\n' && b != '\r') line[n++] = (byte) b;
        return Arrays.copyOf(line, n);
      } finally {
        in.reset();
      }
    }

    private void skipPreamble() throws IOException {
      in.mark(8);
      if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
        in.reset();
      } else {
        consumed = 3;
      }
      byte[] first = peekLine();
      if (first.length >= 5 && first[0] == 'F' && first[1] == 'r' && first[2] == 'o' && first[3] == 'm'
          && first[4] == ' ') {
        int i = 4;
        while (i < first.length && (first[i] == ' ' || first[i] == '\t')) i++;
        if (i >= first.length || first[i] != ':') {
          readLine(0);
          length = 0;
        }
      }
    }

    /**
     * Reads one line: at most {@code limit} bytes of its content and its terminator into {@code raw}, the rest
     * of the content skipped. Returns the index just past the content kept, or -1 at the end of input with
     * nothing read; sets {@link #lineBytes} and {@link #lineUnstored}.
     */
    private int readLine(int limit) throws IOException {
      int start = length;
      long count = 0;
      int contentEnd;
      while (true) {
        int b = in.read();
        if (b == -1) {
          lineBytes = count;
          lineUnstored = count - (length - start);
          return count == 0 ? -1 : length;
        }
        consumed++;
        if (b == '\n') {
          contentEnd = length;
          append(b);
          break;
        }
        if (b == '\r') {
          contentEnd = length;
          append(b);
          in.mark(2);
          int next = in.read();
          if (next == '\n') {
            consumed++;
            append(next);
          } else if (next == '\r') {
            int third = in.read();
            if (third == '\n') {
              consumed += 2;
              append(next);
              append(third);
            } else {
              in.reset();
            }
          } else {
            in.reset();
          }
          break;
        }
        if (count++ < limit) append(b);
      }
      lineBytes = count;
      lineUnstored = count - (contentEnd - start);
      return contentEnd;
    }

    private void append(int b) {
      if (length == raw.length) {
        raw = Arrays.copyOf(raw, Math.max(length + 1, Math.min(raw.length * 2, MAX_KEPT_BYTES + LOOK_AHEAD)));
      }
      raw[length++] = (byte) b;
    }
  }

  @Override
  public String toString() {
    return "HeaderBlock" + fields.stream().map(f -> f.name.toLowerCase(Locale.ROOT)).toList();
  }
}
