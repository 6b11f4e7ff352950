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

  private int quad;
  private int count;

  Base64Stream(InputStream in) {
    super(in);
  }

  @Override
  protected boolean decodeMore() throws IOException {
    for (int i = 0; i < 4096; i++) {
      int c = in.next();
      if (c < 0) {
        partial();
        return false;
      }
      if (c == '=') {
        partial();
        continue;
      }
      int v = c < 128 ? VALUES[c] : -1;
      if (v < 0) continue;
      quad = quad << 6 | v;
      if (++count == 4) {
        emit(quad >> 16);
        emit(quad >> 8);
        emit(quad);
        quad = 0;
        count = 0;
      }
    }
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
