package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A read buffer over a stream that can peek any number of bytes ahead. Not thread-safe. */
final class Lookahead {
  private final InputStream in;
  private byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;

  Lookahead(InputStream in) {
    this.in = in;
    // A part in memory says how much is left: a short one gets a buffer of its size, not 8 KiB (it grows if need be).
    int left;
    try {
      left = in.available();
    } catch (IOException e) {
      left = 0;
    }
    this.buf = new byte[left > 0 && left < 8192 ? left + 1 : 8192]; // + 1: the read that finds the end
  }

  /** The byte {@code ahead} positions from the current one (0 = current), or -1 past the end. */
  int peek(int ahead) throws IOException {
    while (pos + ahead >= lim) {
      if (eof || !more()) return -1;
    }
    return buf[pos + ahead] & 0xff;
  }

  /** Reads the current byte, or -1 at the end. */
  int next() throws IOException {
    if (pos >= lim && (eof || !more())) return -1;
    return buf[pos++] & 0xff;
  }

  void skip(int n) {
    pos = Math.min(lim, pos + n);
  }

  private boolean more() throws IOException {
    if (pos > 0 && pos == lim) {
      pos = 0;
      lim = 0;
    } else if (lim == buf.length) {
      if (pos > buf.length / 2) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }
}
