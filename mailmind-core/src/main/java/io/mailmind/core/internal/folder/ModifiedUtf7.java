package io.mailmind.core.internal.folder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * IMAP's modified UTF-7 for mailbox names (RFC 3501 section 5.1.3): printable US-ASCII stands for itself except
 * {@code &}, written {@code &-}; any other text is UTF-16BE in modified BASE64 ({@code ,} instead of {@code /}, no
 * padding) between {@code &} and {@code -}. Stateless and thread-safe.
 */
public final class ModifiedUtf7 {
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private ModifiedUtf7() {}

  /**
   * Decodes a mailbox name as the server sent it. Lenient where it is safe (characters outside printable ASCII, as
   * sent by servers that speak UTF-8, pass through; printable ASCII inside a shifted run is accepted), but a name
   * that is not valid modified UTF-7 (a {@code &} run without its {@code -}, a character outside the BASE64
   * alphabet, leftover bits, an odd byte count, broken surrogates) is returned unchanged, so that no name is lost.
   *
   * @param imapName the raw name, not null
   */
  public static String decode(String imapName) {
    int amp = imapName.indexOf('&');
    if (amp < 0) return imapName;
    StringBuilder out = new StringBuilder(imapName.length());
    out.append(imapName, 0, amp);
    int i = amp;
    while (i < imapName.length()) {
      char c = imapName.charAt(i);
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = imapName.indexOf('-', i + 1);
      if (end < 0) return imapName;
      if (end == i + 1) {
        out.append('&');
      } else {
        String decoded = decodeRun(imapName, i + 1, end);
        if (decoded == null) return imapName;
        out.append(decoded);
      }
      i = end + 1;
    }
    return out.toString();
  }

  /** Decodes the BASE64 between {@code from} (inclusive) and {@code to} (exclusive); null when malformed. */
  private static String decodeRun(String s, int from, int to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((to - from) * 3 / 4);
    int buffer = 0;
    int bits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int value = c < 128 ? VALUES[c] : -1;
      if (value < 0) return null;
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.write((buffer >> bits) & 0xFF);
        buffer &= (1 << bits) - 1;
      }
    }
    if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0 || bytes.size() % 2 != 0) return null;
    try {
      return StandardCharsets.UTF_16BE.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Encodes a name for the server. Unpaired surrogates are encoded as the UTF-16 code units they are.
   *
   * @param name the decoded name, not null
   */
  public static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '&') {
        out.append("&-");
        i++;
      } else if (c >= 0x20 && c <= 0x7E) {
        out.append(c);
        i++;
      } else {
        int end = i;
        while (end < name.length() && (name.charAt(end) < 0x20 || name.charAt(end) > 0x7E)) {
          end++;
        }
        out.append('&');
        encodeRun(name, i, end, out);
        out.append('-');
        i = end;
      }
    }
    return out.toString();
  }

  private static void encodeRun(String s, int from, int to, StringBuilder out) {
    int buffer = 0;
    int bits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      buffer = (buffer << 16) | c;
      bits += 16;
      while (bits >= 6) {
        bits -= 6;
        out.append(ALPHABET[(buffer >> bits) & 0x3F]);
      }
      buffer &= (1 << bits) - 1;
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (6 - bits)) & 0x3F]);
    }
  }
}
