package io.mailmind.core.internal.mime;

import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;

/**
 * Which URLs Markdown output may carry as link or image destinations: only {@code http:}, {@code https:},
 * {@code mailto:} and {@code cid:} URLs, and {@code #anchor} links. Everything else goes, relative paths and
 * {@code data:} URIs included (mail has no base URL to resolve a relative path against, and a {@code data:} URI
 * is never written out whole). Common Markdown renderers turn a destination into a live {@code href} or
 * {@code src}, so the URL is first read as a renderer and a browser would read it: HTML character references
 * decoded until none is left ({@code &#106;avascript:}, {@code &colon;}; Markdown decodes them in destinations),
 * ASCII control characters removed, white space removed inside the scheme ({@code java&#9;script:}) and around
 * the URL, the scheme case-folded. What is written out is that reading, with the scheme in lower case, so a
 * reader of the Markdown sees the scheme that was checked. Stateless, thread-safe.
 */
final class LinkPolicy {
  private static final Set<String> ALLOWED = Set.of("http", "https", "mailto", "cid");
  /** More nested character references than this is no URL a sender meant to be followed. */
  private static final int MAX_DECODING_ROUNDS = 5;

  private LinkPolicy() {}

  /**
   * The destination to write for {@code url} (an attribute value, which jsoup has decoded once), or
   * {@code null} when the policy does not allow it.
   */
  static String destination(String url) {
    String decoded = url;
    for (int round = 0; decoded.indexOf('&') >= 0; round++) {
      if (round == MAX_DECODING_ROUNDS) return null;
      String next = unescape(decoded);
      if (next.equals(decoded)) break;
      decoded = next;
    }
    String text = withoutControls(decoded).strip();
    if (text.startsWith("#")) return text;
    int colon = text.indexOf(':');
    if (colon < 0) return null;
    StringBuilder scheme = new StringBuilder(colon);
    for (int i = 0; i < colon; i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) scheme.append(c);
    }
    String name = scheme.toString().toLowerCase(Locale.ROOT);
    if (!ALLOWED.contains(name)) return null;
    return text.startsWith(name) && colon == name.length() ? text : name + text.substring(colon);
  }

  /** {@code text} without ASCII control characters. */
  private static String withoutControls(String text) {
    int first = 0;
    while (first < text.length() && !isControl(text.charAt(first))) first++;
    if (first == text.length()) return text;
    StringBuilder clean = new StringBuilder(text.length()).append(text, 0, first);
    for (int i = first + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) clean.append(c);
    }
    return clean.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }

  /**
   * What jsoup's {@link Parser#unescapeEntities(String, boolean) unescapeEntities(text, true)} gives, without
   * asking it when it would find nothing to decode: most URLs carry {@code &} only between query parameters, and
   * each call of jsoup costs a tokeniser.
   */
  static String unescape(String text) {
    return mayDecode(text) ? Parser.unescapeEntities(text, true) : text;
  }

  /**
   * False only when no {@code &} in {@code text} starts a character reference that jsoup decodes in an attribute
   * value: {@code &#...} does; {@code &name;} when the name (letters, then digits) is a named entity;
   * {@code &name} without the semicolon when it is one of the base (legacy) entities and the next character is
   * neither an ASCII letter or digit nor {@code =}, {@code -} or {@code _}.
   */
  static boolean mayDecode(String text) {
    for (int amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
      int start = amp + 1;
      if (start < text.length() && text.charAt(start) == '#') return true;
      int end = start;
      while (end < text.length() && isAsciiLetter(text.charAt(end))) end++;
      while (end < text.length() && isDigit(text.charAt(end))) end++;
      if (end == start) continue;
      String name = text.substring(start, end);
      char next = end < text.length() ? text.charAt(end) : 0;
      if (next == ';' ? Entities.isNamedEntity(name) || Entities.isBaseNamedEntity(name)
          : Entities.isBaseNamedEntity(name) && !isAsciiLetter(next) && !isDigit(next) && "=-_".indexOf(next) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
