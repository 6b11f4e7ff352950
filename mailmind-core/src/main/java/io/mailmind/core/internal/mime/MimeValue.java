package io.mailmind.core.internal.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed structured header value with parameters (Content-Type, Content-Disposition), read leniently:
 * unquoted values may hold spaces, an unterminated quoted string runs to the end, garbage between parameters is
 * skipped, the first of duplicate parameters wins. RFC 2231 continuations and charsets ({@code name*0*=
 * utf-8''%E2%82%AC; name*1=...}) are assembled; an RFC 2231 value wins over a plain one of the same name.
 * Immutable.
 */
final class MimeValue {
  static final MimeValue EMPTY = new MimeValue("", Map.of(), Map.of());

  private final String value;
  private final Map<String, String> raw;
  private final Map<String, String> text;

  private MimeValue(String value, Map<String, String> raw, Map<String, String> text) {
    this.value = value;
    this.raw = raw;
    this.text = text;
  }

  /** The value before the parameters: lower case, without comments and white space ({@code ""} if none). */
  String value() {
    return value;
  }

  /** A parameter as written (unquoted), for machine values such as boundary and charset; or {@code null}. */
  String raw(String name) {
    return raw.get(name);
  }

  /** A parameter decoded for people (RFC 2231, RFC 2047, raw 8-bit), trimmed; or {@code null}. */
  String text(String name) {
    return text.get(name);
  }

  static MimeValue parse(String header) {
    if (header == null) return EMPTY;
    String s = header;
    int semicolon = s.indexOf(';');
    String main = semicolon < 0 ? s : s.substring(0, semicolon);
    Map<String, String> params = new LinkedHashMap<>();
    if (semicolon >= 0) readParams(s, semicolon + 1, params);
    return assemble(clean(main), params);
  }

  private static String clean(String main) {
    String text = Comments.strip(main);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > ' ' && c != '"' && c != '\'') out.append(c);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static void readParams(String s, int i, Map<String, String> params) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';') i++;
      if (i >= n || s.charAt(i) == ';') continue;
      String name = s.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
      i++;
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
      String paramValue;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder quoted = new StringBuilder();
        i++;
        while (i < n && s.charAt(i) != '"') {
          char q = s.charAt(i);
          if (q == '\\' && i + 1 < n) {
            q = s.charAt(++i);
          }
          if (q != '\r' && q != '\n') quoted.append(q);
          i++;
        }
        i++;
        while (i < n && s.charAt(i) != ';') i++;
        paramValue = quoted.toString();
      } else {
        int valueStart = i;
        while (i < n && s.charAt(i) != ';') i++;
        paramValue = s.substring(valueStart, i).strip();
      }
      if (!name.isEmpty()) params.putIfAbsent(name, paramValue);
    }
  }

  private static MimeValue assemble(String main, Map<String, String> params) {
    Map<String, String> raw = new HashMap<>();
    Map<String, String> text = new HashMap<>();
    Map<String, TreeMap<Integer, String[]>> extended = new LinkedHashMap<>();
    for (Map.Entry<String, String> param : params.entrySet()) {
      String name = param.getKey();
      int star = name.indexOf('*');
      if (star <= 0) {
        raw.putIfAbsent(name, param.getValue());
        continue;
      }
      String base = name.substring(0, star);
      String rest = name.substring(star + 1);
      boolean encoded = rest.endsWith("*") || rest.isEmpty();
      String number = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
      int index;
      try {
        index = number.isEmpty() ? 0 : Integer.parseInt(number);
      } catch (NumberFormatException e) {
        continue;
      }
      if (index < 0 || index > 10_000) continue;
      extended.computeIfAbsent(base, k -> new TreeMap<>())
          .putIfAbsent(index, new String[] {param.getValue(), encoded ? "*" : ""});
    }
    for (Map.Entry<String, String> plain : raw.entrySet()) {
      text.put(plain.getKey(), people(RawText.decode(plain.getValue())));
    }
    for (Map.Entry<String, TreeMap<Integer, String[]>> entry : extended.entrySet()) {
      String[] decoded = decode2231(entry.getValue());
      raw.put(entry.getKey(), decoded[0]);
      text.put(entry.getKey(), people(decoded[1]));
    }
    return new MimeValue(main, Map.copyOf(raw), Map.copyOf(text));
  }

  /** Returns {raw carrier of the bytes, decoded text}. */
  private static String[] decode2231(TreeMap<Integer, String[]> sections) {
    String charset = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean first = true;
    for (String[] section : sections.values()) {
      String v = section[0];
      boolean encoded = !section[1].isEmpty();
      if (first && encoded) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 >= 0) {
          charset = v.substring(0, q1);
          v = v.substring(q2 + 1);
        }
      }
      first = false;
      if (encoded) {
        percentDecode(v, bytes);
      } else {
        byte[] b = v.getBytes(StandardCharsets.ISO_8859_1);
        bytes.write(b, 0, b.length);
      }
    }
    byte[] all = bytes.toByteArray();
    String carrier = new String(all, StandardCharsets.ISO_8859_1);
    String decoded = charset == null || charset.isBlank() ? RawText.decode(carrier) : Charsets.decode(all, charset);
    return new String[] {carrier, decoded};
  }

  private static void percentDecode(String v, ByteArrayOutputStream out) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length()
          && EncodedWords.hex(v.charAt(i + 1)) >= 0 && EncodedWords.hex(v.charAt(i + 2)) >= 0) {
        out.write(EncodedWords.hex(v.charAt(i + 1)) << 4 | EncodedWords.hex(v.charAt(i + 2)));
        i += 2;
      } else if (c <= 0xff) {
        out.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
      }
    }
  }

  private static String people(String text) {
    return RawText.oneLine(RawText.noNul(EncodedWords.decode(text)));
  }

  @Override
  public String toString() {
    return value + raw;
  }
}
