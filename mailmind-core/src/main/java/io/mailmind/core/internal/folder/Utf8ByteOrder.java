package io.mailmind.core.internal.folder;

import java.util.Comparator;

/**
 * Orders strings as their UTF-8 bytes compare, unsigned: that is code point order, which differs from
 * {@link String#compareTo} (UTF-16 code unit order) only when supplementary characters meet characters from
 * U+E000 to U+FFFF. Stateless and thread-safe.
 */
public final class Utf8ByteOrder {
  /** The order as a comparator; nulls are not allowed. */
  public static final Comparator<String> COMPARATOR = Utf8ByteOrder::compare;

  private Utf8ByteOrder() {}

  /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
