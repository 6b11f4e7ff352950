package io.mailmind.core.internal.mime;

/**
 * RFC 5322 comments in structured header values: {@code (text)}, nested, with quoted pairs ({@code \)}, {@code \(},
 * {@code \\}) inside. The one reading of comments for the address, date and Content-Type parsers. Stateless and
 * thread-safe.
 */
final class Comments {
  private Comments() {}

  /**
   * {@code text} without its comments, leniently: a comment that is not closed runs to the end, a {@code )} that
   * closes none is kept as text.
   */
  static String strip(String text) {
    return strip(text, "", false);
  }

  /**
   * {@code text} with each comment replaced by one space, or {@code null} when the comments are malformed: a
   * comment not closed, a {@code )} that closes none, a NUL inside a comment (also quoted), or a {@code \} that
   * ends the value.
   */
  static String spacedOrNull(String text) {
    return strip(text, " ", true);
  }

  private static String strip(String text, String replacement, boolean strict) {
    if (text.indexOf('(') < 0 && (!strict || text.indexOf(')') < 0)) return text;
    StringBuilder out = new StringBuilder(text.length());
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (depth > 0 && c == '\\') {
        boolean quotes = i + 1 < text.length() && !(strict && text.charAt(i + 1) == '\0');
        if (quotes) i++;
        else if (strict) return null;
      } else if (depth > 0 && c == '\0' && strict) {
        return null;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        if (--depth == 0) out.append(replacement);
      } else if (c == ')' && strict) {
        return null;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return depth > 0 && strict ? null : out.toString();
  }
}
