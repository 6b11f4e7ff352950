package io.mailmind.core.internal.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lenient base64 decoding: bytes outside the alphabet are skipped, padding ends the current group (so
 * concatenated padded chunks decode), a last incomplete group yields what it can.
 */
final class Base64Stream extends DecodingStream {
  static final int[] VALUES = new int[128];

  static {
    Arrays.fill(VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) VALUES[alphabet.charAt(i)] = i;
    VALUES['-'] = 62; // base64url, seen in the wild
    VALUES['_'] = 63;
  }

  private final byte[] chunk = new byte[8192];
  private int quad;
  private int count;

  Base64Stream(InputStream in) {
    super(in);
  }

  @Override
  protected boolean decodeMore() throws IOException {
    int n = source.read(chunk, 0, chunk.length);
    if (n < 0) {
      partial();
      return false;
    }
    ensure(n);
    byte[] o = out;
    int len = outLen;
    int q = quad;
    int c = count;
    for (int i = 0; i < n; i++) {
      int ch = chunk[i];
      if (ch == '=') {
        quad = q;
        count = c;
        outLen = len;
        partial();
        o = out;
        len = outLen;
        q = 0;
        c = 0;
        continue;
      }
      int v = ch >= 0 ? VALUES[ch] : -1;
      if (v < 0) continue;
      q = q << 6 | v;
      if (++c == 4) {
        o[len++] = (byte) (q >> 16);
        o[len++] = (byte) (q >> 8);
        o[len++] = (byte) q;
        q = 0;
        c = 0;
      }
    }
    quad = q;
    count = c;
    outLen = len;
    return true;
  }

  private void partial() {
    if (count == 2) {
      emit(quad >> 4);
    } else if (count == 3) {
      emit(quad >> 10);
      emit(quad >> 2);
    }
    quad = 0;
    count = 0;
  }

  /** The bytes a last group of {@code count} 6-bit values in {@code quad} stands for. */
  static void flushPartial(ByteArrayOutputStream out, int quad, int count) {
    if (count == 2) {
      out.write(quad >> 4 & 0xff);
    } else if (count == 3) {
      out.write(quad >> 10 & 0xff);
      out.write(quad >> 2 & 0xff);
    }
  }
}
