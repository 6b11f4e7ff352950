package io.mailmind.jdbc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists of strings as JSON arrays ({@code ["\\Seen","$Forwarded"]}): readable in SQL, and keeps the empty
 * list apart from a list of one empty string. Stateless and thread-safe.
 */
final class JsonStrings {
  private JsonStrings() {}

  static String encode(List<String> values) {
    StringBuilder sb = new StringBuilder(16 + values.size() * 16).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sb.append(',');
      quote(values.get(i), sb);
    }
    return sb.append(']').toString();
  }

  private static void quote(String value, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogate(value, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** True when the surrogate at {@code i} is half of a well-formed pair (kept literally). */
  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  static List<String> decode(String json) {
    if (json == null) return List.of();
    List<String> values = new ArrayList<>();
    int i = skipSpace(json, 0);
    expect(json, i++, '[');
    i = skipSpace(json, i);
    if (i < json.length() && json.charAt(i) == ']') return List.of();
    while (true) {
      i = skipSpace(json, i);
      expect(json, i++, '"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= json.length()) throw bad(json);
        char c = json.charAt(i++);
        if (c == '"') break;
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= json.length()) throw bad(json);
        char e = json.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (i + 4 > json.length()) throw bad(json);
            sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw bad(json);
        }
      }
      values.add(sb.toString());
      i = skipSpace(json, i);
      if (i >= json.length()) throw bad(json);
      char next = json.charAt(i++);
      if (next == ']') return List.copyOf(values);
      if (next != ',') throw bad(json);
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  private static void expect(String s, int i, char c) {
    if (i >= s.length() || s.charAt(i) != c) throw bad(s);
  }

  private static IllegalArgumentException bad(String json) {
    return new IllegalArgumentException("stored list was not a JSON array of strings (" + json.length() + " chars)");
  }
}
