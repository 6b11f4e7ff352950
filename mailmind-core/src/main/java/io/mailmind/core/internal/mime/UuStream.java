package io.mailmind.core.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lenient uudecoding: lines before {@code begin} are skipped, decoding stops at {@code end}. Content without
 * a {@code begin} line is passed through unchanged (it was probably never uuencoded).
 */
final class UuStream extends DecodingStream {
  private static final int MAX_SKIPPED = 64 * 1024;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
  private ByteArrayOutputStream skipped = new ByteArrayOutputStream();
  private boolean begun;
  private boolean passThrough;
  private boolean ended;

  private final Lookahead in;

  UuStream(InputStream in) {
    super(in);
    this.in = new Lookahead(in);
  }

  @Override
  protected boolean decodeMore() throws IOException {
    if (passThrough) {
      for (int i = 0; i < 8192; i++) {
        int c = in.next();
        if (c < 0) return false;
        emit(c);
      }
      return true;
    }
    if (ended) return false;
    boolean more = readLine();
    byte[] bytes = line.toByteArray();
    if (!begun) {
      if (startsWith(bytes, "begin")) {
        begun = true;
        skipped = null;
      } else {
        skipped.write(bytes, 0, bytes.length);
        if (!more || skipped.size() > MAX_SKIPPED) {
          byte[] raw = skipped.toByteArray();
          for (byte b : raw) emit(b);
          skipped = null;
          passThrough = true;
          return more;
        }
      }
      return more;
    }
    int contentEnd = bytes.length;
    while (contentEnd > 0 && (bytes[contentEnd - 1] == '\n' || bytes[contentEnd - 1] == '\r')) contentEnd--;
    if (startsWith(bytes, "end") && contentEnd <= 4) {
      ended = true;
      return false;
    }
    if (contentEnd > 0) {
      int n = (bytes[0] - ' ') & 0x3f;
      int produced = 0;
      for (int i = 1; i < contentEnd && produced < n; i += 4) {
        int c0 = value(bytes, i, contentEnd);
        int c1 = value(bytes, i + 1, contentEnd);
        int c2 = value(bytes, i + 2, contentEnd);
        int c3 = value(bytes, i + 3, contentEnd);
        int[] out = {(c0 << 2 | c1 >> 4) & 0xff, (c1 << 4 | c2 >> 2) & 0xff, (c2 << 6 | c3) & 0xff};
        for (int k = 0; k < 3 && produced < n; k++, produced++) emit(out[k]);
      }
    }
    return more;
  }

  private static int value(byte[] bytes, int i, int end) {
    return i < end ? (bytes[i] - ' ') & 0x3f : 0;
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    if (bytes.length < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[i] != prefix.charAt(i)) return false;
    }
    return true;
  }

  /** Reads one line with its terminator into {@link #line}; false when the input ended. */
  private boolean readLine() throws IOException {
    line.reset();
    int c;
    while ((c = in.next()) >= 0) {
      line.write(c);
      if (c == '\n') return true;
    }
    return false;
  }
}
