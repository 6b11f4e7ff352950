package io.mailmind.core.internal.mime;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
  private Utf8() {}

  static boolean isValid(byte[] bytes, int off, int len) {
    return scan(bytes, off, len, true) >= 0;
  }

  /** True when the bytes hold at least one multi-byte sequence and are valid UTF-8. */
  static boolean isMultiByte(byte[] bytes, int off, int len) {
    return scan(bytes, off, len, true) > 0;
  }

  /**
   * Counts multi-byte sequences. With {@code stopAtError} returns -1 at the first invalid byte; without, it
   * returns {@code valid - 2 * invalid}, so a negative result means the text is mostly not UTF-8.
   */
  static int scan(byte[] bytes, int off, int len, boolean stopAtError) {
    int valid = 0;
    int invalid = 0;
    int end = off + len;
    int i = off;
    while (i < end) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        i++;
        continue;
      }
      int need;
      int min;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        if (stopAtError) return -1;
        invalid++;
        i++;
        continue;
      }
      if (i + need >= end) {
        if (stopAtError) return -1;
        invalid++;
        i++;
        continue;
      }
      int cp = b & (0x3f >> need);
      boolean ok = true;
      for (int k = 1; k <= need; k++) {
        int c = bytes[i + k] & 0xff;
        if ((c & 0xc0) != 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
      if (!ok) {
        if (stopAtError) return -1;
        invalid++;
        i++;
        continue;
      }
      valid++;
      i += need + 1;
    }
    return stopAtError ? valid : valid - 2 * invalid;
  }
}
