package io.mailmind.core.internal.mime;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the body of a multipart into its parts, byte ranges of the same {@link ByteSource}, by scanning the
 * bytes directly (the array of a source in memory, else buffered reads of the file). The rules are exactly
 * those of Jakarta Mail's {@code MimeMultipart} over a shared stream with every leniency on (missing end
 * boundary and missing boundary parameter ignored, empty multiparts allowed), which the mapper used before:
 * <ul>
 *   <li>Lines end at LF, CRLF, CR CR LF or a lone CR. Up to the first boundary line (the preamble), a line is
 *       compared with trailing spaces and tabs stripped: {@code --boundary} starts the parts,
 *       {@code --boundary--} ends the multipart with none. Without a boundary parameter the first line longer
 *       than two bytes starting with {@code --} is the boundary line (only dashes and longer than four: skipped).
 *       No boundary line: no parts.</li>
 *   <li>A part starts after its boundary line. Its header lines are skipped up to the first empty line
 *       (boundary lines among them are not seen); when the content ends first, the part is dropped and the
 *       multipart ends.</li>
 *   <li>The part's content ends at the first {@code --boundary} that starts the content or follows a CR or LF
 *       and is followed by {@code --} (the close delimiter: the rest, the epilogue, is ignored) or by optional
 *       spaces and tabs and a CR or LF (LF, CR or CRLF is the end of that boundary line). The line break before
 *       it (CRLF, LF or CR; only bytes of the content) is not part of the content. Without such a line the part
 *       runs to the end.</li>
 * </ul>
 * Each part's header block is then read by {@link HeaderBlock}. Not thread-safe: one per split.
 */
final class MultipartSplitter {
  private static final int BUFFER = 64 * 1024;
  /** Bytes kept before the position a file buffer is filled for, for the look back at a line break. */
  private static final int BACK = 64;

  private final ByteSource source;
  private final long start;
  private final long end;
  private final List<long[]> ranges = new ArrayList<>();
  private byte[] boundary;
  private byte[] buf;
  private long bufStart;
  private int bufLen;

  private MultipartSplitter(ByteSource source, long start, long end, String boundary) {
    this.source = source;
    this.start = start;
    this.end = Math.max(start, Math.min(end, source.length()));
    this.boundary = boundary == null || boundary.isEmpty() ? null : bytes("--" + boundary);
    byte[] array = source.array();
    if (array != null) {
      buf = array;
      bufStart = -source.arrayOffset();
      bufLen = source.arrayOffset() + (int) source.length();
    }
  }

  /**
   * The parts of the multipart body {@code [start, end)} of {@code source} with {@code boundary} (the parameter;
   * {@code null} or empty when missing). {@code copy}: the source is a decoded copy, not the message.
   */
  static List<MimeNode> split(ByteSource source, long start, long end, String boundary, boolean copy)
      throws IOException {
    List<long[]> ranges = ranges(source, start, end, boundary);
    List<MimeNode> parts = new ArrayList<>(ranges.size());
    for (long[] range : ranges) {
      HeaderBlock headers = HeaderBlock.read(new SourceInputStream(source, range[0], range[1], false));
      parts.add(MimeNode.part(headers, source, Math.min(range[0] + headers.bodyStart(), range[1]), range[1], copy));
    }
    return parts;
  }

  /** Each part as {start, end}: its header block and content, without the line break before the boundary. */
  static List<long[]> ranges(ByteSource source, long start, long end, String boundary) throws IOException {
    MultipartSplitter splitter = new MultipartSplitter(source, start, end, boundary);
    splitter.split();
    return splitter.ranges;
  }

  /** Jakarta Mail's string-to-bytes: the low byte of each char (our strings carry one byte per char). */
  private static byte[] bytes(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
    return b;
  }

  private void split() throws IOException {
    long pos = preamble();
    if (pos < 0) return;
    int length = boundary.length;
    while (true) {
      long partStart = pos;
      while (true) {
        if (pos >= end) return;
        long lineEnd = nextBreak(pos);
        boolean empty = lineEnd == pos;
        pos = afterLine(lineEnd);
        if (empty) break;
      }
      long content = pos;
      long at = content;
      while (true) {
        if (at == content) at = nextCandidate(at, content);
        if (at + length > end) {
          ranges.add(new long[] {partStart, end});
          return;
        }
        if (matches(at)) {
          long partEnd = at - lineBreakBefore(at, content);
          long after = at + length;
          int b = byteAt(after);
          if (b == '-' && byteAt(after + 1) == '-') {
            ranges.add(new long[] {partStart, partEnd});
            return;
          }
          while (b == ' ' || b == '\t') b = byteAt(++after);
          if (b == '\n' || b == '\r') {
            ranges.add(new long[] {partStart, partEnd});
            pos = after + 1;
            if (b == '\r' && byteAt(pos) == '\n') pos++;
            break;
          }
        }
        // The next line start (the content's start or a byte after a CR or LF) where the boundary's first byte
        // is: no other line can hold it, so the lines in between (every line of a base64 part) are not visited.
        at = nextCandidate(at + 1, content);
      }
    }
  }

  /** The length of the line break just before {@code at} (0 at the start of the content). */
  private int lineBreakBefore(long at, long content) throws IOException {
    if (at == content) return 0;
    return byteAt(at - 1) == '\n' && at - 2 >= content && byteAt(at - 2) == '\r' ? 2 : 1;
  }

  /**
   * Skips the preamble: returns the position after the first boundary line (taking the boundary from it when
   * there was no parameter), or -1 when there are no parts.
   */
  private long preamble() throws IOException {
    long pos = start;
    while (pos < end) {
      long lineEnd = nextBreak(pos);
      long next = afterLine(lineEnd);
      long stripped = lineEnd;
      while (stripped > pos && (byteAt(stripped - 1) == ' ' || byteAt(stripped - 1) == '\t')) stripped--;
      long length = stripped - pos;
      if (boundary != null) {
        if (length == boundary.length && matches(pos)) return next;
        if (length == boundary.length + 2 && matches(pos) && byteAt(stripped - 1) == '-'
            && byteAt(stripped - 2) == '-') {
          return -1;
        }
      } else if (length > 2 && byteAt(pos) == '-' && byteAt(pos + 1) == '-' && !(length > 4 && dashes(pos, stripped))) {
        boundary = new byte[(int) length];
        for (int i = 0; i < boundary.length; i++) boundary[i] = (byte) byteAt(pos + i);
        return next;
      }
      pos = next;
    }
    return -1;
  }

  private boolean dashes(long from, long to) throws IOException {
    for (long i = from; i < to; i++) {
      if (byteAt(i) != '-') return false;
    }
    return true;
  }

  /** Whether the boundary bytes are at {@code at} (all of them before the end). */
  private boolean matches(long at) throws IOException {
    byte[] b = boundary;
    if (at + b.length > end) return false;
    for (int i = 0; i < b.length; i++) {
      if (byteAt(at + i) != (b[i] & 0xff)) return false;
    }
    return true;
  }

  /** The position after the line break at {@code lineEnd} (LF, CRLF, CR CR LF or a lone CR), or the end. */
  private long afterLine(long lineEnd) throws IOException {
    int b = byteAt(lineEnd);
    if (b == '\r') {
      int next = byteAt(lineEnd + 1);
      if (next == '\n') return lineEnd + 2;
      if (next == '\r' && byteAt(lineEnd + 2) == '\n') return lineEnd + 3;
      return lineEnd + 1;
    }
    return b == '\n' ? lineEnd + 1 : end;
  }

  /**
   * The first position at or after {@code from} that holds the boundary's first byte and starts a line: it is
   * {@code content} or follows a CR or LF. The end when there is none.
   */
  private long nextCandidate(long from, long content) throws IOException {
    byte first = boundary[0];
    long pos = from;
    while (pos < end) {
      long index = pos - bufStart;
      if (index < 0 || index >= bufLen) {
        fill(pos);
        index = pos - bufStart;
      }
      int limit = (int) Math.min(bufLen, end - bufStart);
      int i = firstByte(buf, (int) index, limit, first);
      if (i >= limit) {
        pos = bufStart + limit;
        continue;
      }
      long hit = bufStart + i;
      if (hit == content) return hit;
      int before = byteAt(hit - 1);
      if (before == '\n' || before == '\r') return hit;
      pos = hit + 1;
    }
    return end;
  }

  /** The index of the first {@code value} in {@code b[from, limit)}, or {@code limit}; eight bytes per step. */
  static int firstByte(byte[] b, int from, int limit, byte value) {
    long pattern = ONES * (value & 0xff);
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      if (((x - ONES) & ~x & HIGHS) != 0) break;
    }
    for (; i < limit; i++) {
      if (b[i] == value) return i;
    }
    return limit;
  }

  /** The position of the first CR or LF at or after {@code from}, or the end. */
  private long nextBreak(long from) throws IOException {
    long pos = from;
    while (pos < end) {
      long index = pos - bufStart;
      if (index < 0 || index >= bufLen) {
        fill(pos);
        index = pos - bufStart;
      }
      byte[] b = buf;
      int limit = (int) Math.min(bufLen, end - bufStart);
      int i = firstBreak(b, (int) index, limit);
      if (i < limit) return bufStart + i;
      pos = bufStart + limit;
    }
    return end;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = ONES * '\n';
  private static final long CRS = ONES * '\r';

  /**
   * The index of the first CR or LF in {@code b[from, limit)}, or {@code limit}: eight bytes per step (a word has
   * such a byte when one of its bytes XOR the pattern is zero), since this scan passes over every byte of every
   * multipart (a profile of a warm full mirror had 12% of the samples in the byte-by-byte loop).
   */
  static int firstBreak(byte[] b, int from, int limit) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long word = (long) LONGS.get(b, i);
      long lf = word ^ LFS;
      long cr = word ^ CRS;
      long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      if (found != 0) break; // the exact byte is found below (the trick can flag a byte after a real match only)
    }
    for (; i < limit; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') return i;
    }
    return limit;
  }

  /** The byte at {@code pos}, or -1 at or after the end. */
  private int byteAt(long pos) throws IOException {
    if (pos >= end) return -1;
    long index = pos - bufStart;
    if (index < 0 || index >= bufLen) {
      fill(pos);
      index = pos - bufStart;
    }
    return buf[(int) index] & 0xff;
  }

  /** Fills the buffer (of a file source) with the bytes around {@code pos}, which is before the end. */
  private void fill(long pos) throws IOException {
    if (buf == null) buf = new byte[BUFFER];
    long from = Math.max(start, pos - BACK);
    int want = (int) Math.min(buf.length, end - from);
    int n = 0;
    while (n < want) {
      int read = source.read(from + n, buf, n, want - n);
      if (read <= 0) break;
      n += read;
    }
    if (from + n <= pos) throw new EOFException("message shorter than " + end + " bytes");
    bufStart = from;
    bufLen = n;
  }
}
