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
 */
final class HeaderBlock {
  /** Header blocks larger than this end there; the rest is body. */
  static final int MAX_BYTES = 8 * 1024 * 1024;
  private static final int MAX_NAME = 128;
  private static final int LOOK_AHEAD = 256;

  /** One header field: its name as written (trimmed) and its unfolded value as a carrier string. */
  record Field(String name, String value) {}

  private final List<Field> fields;
  private final byte[] raw;
  private final int rawLength;
  private final long bodyStart;
  private final boolean eightBit;

  private HeaderBlock(List<Field> fields, byte[] raw, int rawLength, long bodyStart) {
    this.fields = fields;
    this.raw = raw;
    this.rawLength = rawLength;
    this.bodyStart = bodyStart;
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

  List<Field> fields() {
    return fields;
  }

  /** The offset (from the start of the stream read) of the first body byte. */
  long bodyStart() {
    return bodyStart;
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
    private final InputStream in;
    private byte[] raw = new byte[1024];
    private int length;
    private final List<Field> fields = new ArrayList<>();
    private String name;
    private StringBuilder value;
    private long consumed;

    Reader(InputStream in) {
      this.in = in;
    }

    HeaderBlock read() throws IOException {
      skipPreamble();
      long headerStart = consumed;
      int headerEnd;
      while (true) {
        int lineStart = length;
        int lineEnd = readLine();
        if (lineEnd < 0) {
          headerEnd = length;
          break;
        }
        if (lineEnd == lineStart) {
          headerEnd = lineStart;
          break;
        }
        if (length > MAX_BYTES) {
          finishField();
          return new HeaderBlock(List.copyOf(fields), raw, lineStart, headerStart + lineStart);
        }
        byte first = raw[lineStart];
        if (first == ' ' || first == '\t') {
          if (value != null) value.append(new String(raw, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1));
          continue;
        }
        int colon = nameEnd(lineStart, lineEnd);
        if (colon < 0 && value != null && nextLineContinuesHeader()) {
          value.append(' ').append(new String(raw, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1));
          continue;
        }
        if (colon < 0) {
          headerEnd = lineStart;
          finishField();
          return new HeaderBlock(List.copyOf(fields), raw, headerEnd, headerStart + lineStart);
        }
        finishField();
        name = new String(raw, lineStart, colon - lineStart, StandardCharsets.ISO_8859_1).trim();
        value = new StringBuilder(new String(raw, colon + 1, lineEnd - colon - 1, StandardCharsets.ISO_8859_1));
      }
      finishField();
      return new HeaderBlock(List.copyOf(fields), raw, headerEnd, headerStart + length);
    }

    private void finishField() {
      if (name != null) {
        int start = 0;
        while (start < value.length() && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) start++;
        fields.add(new Field(name, value.substring(start)));
      }
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
          readLine();
          consumed += length;
          length = 0;
        }
      }
    }

    /**
     * Reads one line into {@code raw} (with its terminator); returns the index just past its content, or -1 at
     * the end of input with nothing read.
     */
    private int readLine() throws IOException {
      int start = length;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          append(b);
          return length - 1;
        }
        if (b == '\r') {
          int contentEnd = length;
          append(b);
          in.mark(2);
          int next = in.read();
          if (next == '\n') {
            append(next);
          } else if (next == '\r') {
            int third = in.read();
            if (third == '\n') {
              append(next);
              append(third);
            } else {
              in.reset();
            }
          } else {
            in.reset();
          }
          return contentEnd;
        }
        append(b);
      }
      return length == start ? -1 : length;
    }

    private void append(int b) {
      if (length == raw.length) raw = Arrays.copyOf(raw, raw.length * 2);
      raw[length++] = (byte) b;
    }
  }

  @Override
  public String toString() {
    return "HeaderBlock" + fields.stream().map(f -> f.name.toLowerCase(Locale.ROOT)).toList();
  }
}
