package io.mailmind.core.internal.mime;

import java.util.Locale;
import java.util.Set;
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
      String next = Parser.unescapeEntities(decoded, true);
      if (next.equals(decoded)) break;
      decoded = next;
    }
    StringBuilder clean = new StringBuilder(decoded.length());
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c >= 0x20 && c != 0x7f) clean.append(c);
    }
    String text = clean.toString().strip();
    if (text.startsWith("#")) return text;
    int colon = text.indexOf(':');
    if (colon < 0) return null;
    StringBuilder scheme = new StringBuilder(colon);
    for (int i = 0; i < colon; i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) scheme.append(c);
    }
    String name = scheme.toString().toLowerCase(Locale.ROOT);
    return ALLOWED.contains(name) ? name + text.substring(colon) : null;
  }
}
