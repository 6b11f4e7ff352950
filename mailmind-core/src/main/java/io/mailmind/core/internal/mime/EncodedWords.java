package io.mailmind.core.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words leniently: anywhere in the text (also inside quoted strings and glued to other
 * text), white space between two encoded words dropped, adjacent words in one charset joined before decoding
 * (so a character split over two words survives), broken base64 decoded as far as it goes (by
 * {@link Base64Stream}, the rules of the transfer encoding), unknown charsets as in {@link Charsets}. Thread-safe.
 */
final class EncodedWords {
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]{1,64})\\?([bBqQ])\\?([^?]*)\\?=");

  private EncodedWords() {}

  /** Decodes the encoded words in {@code text} (already Unicode, see {@link RawText}). */
  static String decode(String text) {
    if (text == null || text.indexOf("=?") < 0) return text;
    Matcher m = WORD.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    int last = 0;
    while (m.find()) {
      String gap = text.substring(last, m.start());
      boolean adjacent = pendingCharset != null && gap.isBlank();
      String charset = m.group(1);
      int star = charset.indexOf('*');
      if (star > 0) charset = charset.substring(0, star);
      if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
        flush(out, pending, pendingCharset);
        pendingCharset = null;
        if (!adjacent) out.append(gap);
      }
      if (Character.toUpperCase(m.group(2).charAt(0)) == 'B') {
        // the transfer-encoding decoder, same lenient rules; a character beyond ISO-8859-1 becomes '?', skipped
        byte[] encoded = m.group(3).getBytes(StandardCharsets.ISO_8859_1);
        Base64Stream decoded = Base64Stream.decodeAll(encoded, 0, encoded.length);
        pending.write(decoded.out, 0, decoded.outLen);
      } else {
        byte[] bytes = q(m.group(3));
        pending.write(bytes, 0, bytes.length);
      }
      pendingCharset = charset;
      last = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(text, last, text.length());
    return out.toString();
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (charset == null) return;
    byte[] bytes = pending.toByteArray();
    pending.reset();
    out.append(Charsets.decode(bytes, charset));
  }

  private static byte[] q(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        out.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
      }
    }
    return out.toByteArray();
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
