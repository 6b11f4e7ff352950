package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lenient base64 decoding: bytes outside the alphabet are skipped, padding ends the current group (so
 * concatenated padded chunks decode), a last incomplete group yields what it can.
 */
final class Base64Stream extends DecodingStream {
  static final int[] VALUES = new int[128];
  /** {@link #VALUES} indexed by unsigned byte, -1 for every byte outside the alphabet: the fast path's table. */
  private static final int[] BYTE_VALUES = new int[256];

  static {
    Arrays.fill(VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) VALUES[alphabet.charAt(i)] = i;
    VALUES['-'] = 62; // base64url, seen in the wild
    VALUES['_'] = 63;
    Arrays.fill(BYTE_VALUES, -1);
    for (int i = 0; i < VALUES.length; i++) BYTE_VALUES[i] = VALUES[i];
  }

  private byte[] chunk; // the stream's read buffer, made on the first read (decodeAll reads no stream)
  private int quad;
  private int count;

  Base64Stream(InputStream in) {
    super(in);
  }

  @Override
  protected boolean decodeMore() throws IOException {
    if (chunk == null) chunk = new byte[8192];
    int n = source.read(chunk, 0, chunk.length);
    if (n < 0) {
      partial();
      return false;
    }
    decode(chunk, 0, n);
    return true;
  }

  /**
   * Decodes a whole base64 range {@code [from, to)} of {@code in} by the same rules, without streams; the result
   * is the first {@link #outLen} bytes of {@link #out}.
   */
  static Base64Stream decodeAll(byte[] in, int from, int to) {
    Base64Stream decoder = new Base64Stream(InputStream.nullInputStream());
    decoder.out = new byte[(to - from) / 4 * 3 + 8];
    decoder.decode(in, from, to);
    decoder.partial();
    return decoder;
  }

  /** Decodes {@code in[from, to)} onto {@link #out}. */
  private void decode(byte[] in, int from, int to) {
    // 3 bytes per group of 4, plus a group begun in the previous call (whose end may be here) and a partial one
    ensure((to - from) / 4 * 3 + 6);
    byte[] o = out;
    int len = outLen;
    int q = quad;
    int c = count;
    int n = to;
    int[] table = BYTE_VALUES;
    for (int i = from; i < n; i++) {
      // Fast path: whole groups of four alphabet bytes (a line of base64 is 19 of them), one table lookup each;
      // any other byte (line break, padding, garbage) leaves it for the byte-at-a-time rules below.
      if (c == 0) {
        while (i + 4 <= n) {
          int group = table[in[i] & 0xff] << 18 | table[in[i + 1] & 0xff] << 12 | table[in[i + 2] & 0xff] << 6
              | table[in[i + 3] & 0xff];
          if (group < 0) break;
          o[len] = (byte) (group >> 16);
          o[len + 1] = (byte) (group >> 8);
          o[len + 2] = (byte) group;
          len += 3;
          i += 4;
        }
        if (i >= n) break;
      }
      int ch = in[i];
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
}
