package io.mailmind.core.internal.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns raw 8-bit header text into Unicode: bytes that form valid UTF-8 are read as UTF-8 (RFC 6532), anything
 * else as windows-1252 (the superset of ISO-8859-1 that mailers really use). Input is a carrier string (one
 * char per byte, as read by {@link HeaderBlock} or by Jakarta Mail without {@code mail.mime.allowutf8}); a
 * string that already holds characters above U+00FF was decoded before and is kept.
 */
final class RawText {
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private RawText() {}

  static String decode(String carrier) {
    return decode(carrier, null);
  }

  /**
   * Decodes a carrier string: valid UTF-8 as UTF-8; text that is mostly UTF-8 (a broken sequence, for
   * example cut at a length limit) as UTF-8 with the broken bytes replaced; anything else in
   * {@code fallback} when given (the message's declared body charset, as mail readers do), else windows-1252.
   */
  static String decode(String carrier, Charset fallback) {
    if (carrier == null) return null;
    boolean high = false;
    for (int i = 0; i < carrier.length(); i++) {
      char c = carrier.charAt(i);
      if (c > 0xff) return noNul(carrier);
      if (c >= 0x80) high = true;
    }
    if (!high) return noNul(carrier);
    byte[] bytes = carrier.getBytes(StandardCharsets.ISO_8859_1);
    Charset charset;
    if (Utf8.isValid(bytes, 0, bytes.length) || Utf8.scan(bytes, 0, bytes.length, false) > 0) {
      charset = StandardCharsets.UTF_8;
    } else if (fallback != null && !fallback.equals(StandardCharsets.UTF_8)) {
      charset = fallback;
    } else {
      charset = WINDOWS_1252;
    }
    return noNul(new String(bytes, charset));
  }

  /** Replaces U+0000 (which databases reject in text) by U+FFFD. */
  static String noNul(String text) {
    if (text == null || text.indexOf('\0') < 0) return text;
    return text.replace('\0', '\uFFFD');
  }

  /** Replaces line breaks inside decoded text (an encoded word may hold one) by spaces and trims. */
  static String oneLine(String text) {
    if (text == null) return null;
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      text = text.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
    }
    return text.strip();
  }

  /** Removes CR and LF (left by broken folding) and trims. */
  static String unfoldTrim(String text) {
    if (text == null) return null;
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      text = text.replace("\r", "").replace("\n", "");
    }
    return text.strip();
  }
}
