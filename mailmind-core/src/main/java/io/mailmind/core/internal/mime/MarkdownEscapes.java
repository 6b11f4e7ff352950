package io.mailmind.core.internal.mime;

/**
 * The escaping rules of {@link MarkdownRenderer}: text that a CommonMark (or GitHub) reader would take for markup
 * is escaped, and nothing more, so the Markdown stays readable as plain text. Stateless.
 */
final class MarkdownEscapes {
  private MarkdownEscapes() {}

  /**
   * Characters that only steer layout and are dropped: zero-width space, word joiner, BOM, soft hyphen, combining
   * grapheme joiner. Not the zero-width joiner and non-joiner (U+200D, U+200C): they are text (they join an emoji
   * family into one picture, and a Persian word like می‌خواهم is spelled with one).
   */
  static boolean invisible(char c) {
    return c == '\u200b' || c == '\u2060' || c == '\ufeff' || c == '\u00ad' || c == '\u034f';
  }

  /** Appends {@code c} (at {@code i} of {@code text}) to {@code out}, escaped where Markdown would read it as markup. */
  static void escape(StringBuilder out, String text, int i, char c, boolean[] underscoresRaw) {
    switch (c) {
      case '\\', '*', '`', '[', ']' -> out.append('\\').append(c);
      case '_' -> {
        if (i == 0 || text.charAt(i - 1) != '_') underscoresRaw[0] = rawUnderscores(text, i);
        if (!underscoresRaw[0]) out.append('\\');
        out.append(c);
      }
      case '~' -> {
        if (strikeDelimiter(text, i, out)) out.append('\\');
        out.append(c);
      }
      case '<' -> {
        if (i + 1 < text.length() && (Character.isLetter(text.charAt(i + 1)) || "/!?".indexOf(text.charAt(i + 1)) >= 0)) {
          out.append('\\');
        }
        out.append(c);
      }
      case '&' -> {
        if (entityFollows(text, i)) out.append('\\');
        out.append(c);
      }
      default -> out.append(c);
    }
  }

  /**
   * Whether the tilde at {@code i} could delimit GitHub strikethrough: one of a run ({@code ~~}), or a single one
   * that could close (after a non-space). A lone {@code ~} before a word ({@code ~20 min}) can only open, and an
   * opener without a closer is text, so it stays as written.
   */
  private static boolean strikeDelimiter(String text, int i, StringBuilder out) {
    boolean runBefore = i > 0 && text.charAt(i - 1) == '~';
    boolean runAfter = i + 1 < text.length() && text.charAt(i + 1) == '~';
    if (runBefore || runAfter) return true;
    int last = out.length() - 1;
    return last >= 0 && !Character.isWhitespace(out.charAt(last));
  }

  /**
   * Whether the run of underscores at {@code i} can stay unescaped: inside a word (snake_case) or standing alone
   * between spaces (a line to write on), neither can open or close emphasis.
   */
  private static boolean rawUnderscores(String text, int i) {
    int end = i;
    while (end < text.length() && text.charAt(end) == '_') end++;
    boolean before = i == 0 || Character.isWhitespace(text.charAt(i - 1));
    boolean after = end == text.length() || Character.isWhitespace(text.charAt(end));
    boolean inWord = i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)) && end < text.length()
        && Character.isLetterOrDigit(text.charAt(end)) && end - i == 1;
    return inWord || (before && after && end - i >= 3);
  }

  /** True when {@code &} at {@code i} starts something a Markdown reader would decode ({@code &amp;}, {@code &#38;}). */
  private static boolean entityFollows(String text, int i) {
    int j = i + 1;
    while (j < text.length() && j - i <= 32 && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '#')) {
      j++;
    }
    return j > i + 1 && j < text.length() && text.charAt(j) == ';';
  }

  /** Text at the start of a line that Markdown would take for a heading, list, quote, rule or fence marker. */
  static String escapeLineStart(String line) {
    char first = line.charAt(0);
    if (first == '>') return "\\" + line;
    if (first == '#') {
      int hashes = 0;
      while (hashes < line.length() && line.charAt(hashes) == '#') hashes++;
      return hashes <= 6 && (hashes == line.length() || line.charAt(hashes) == ' ') ? "\\" + line : line;
    }
    if (first == '-' || first == '+' || first == '=') {
      if (line.length() > 1 && line.charAt(1) == ' ' && first != '=') return "\\" + line;
      boolean rule = true; // only '-' or '=' (and spaces): a rule or a heading underline
      for (int i = 0; i < line.length() && rule; i++) rule = line.charAt(i) == first || line.charAt(i) == ' ';
      return rule ? "\\" + line : line;
    }
    if (line.startsWith("~~~")) return "\\" + line;
    if (first == '_' && line.chars().allMatch(ch -> ch == '_' || ch == ' ')) return "\\" + line;
    if (Character.isDigit(first)) {
      int i = 0;
      while (i < line.length() && i < 9 && Character.isDigit(line.charAt(i))) i++;
      if (i < line.length() && (line.charAt(i) == '.' || line.charAt(i) == ')')
          && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
        return line.substring(0, i) + "\\" + line.substring(i);
      }
    }
    return line;
  }

  /** Alt text or a link label on one line, brackets and backslashes escaped. */
  static String label(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        space = out.length() > 0;
        continue;
      }
      if (invisible(c)) continue;
      if (space) out.append(' ');
      space = false;
      if (c == '[' || c == ']' || c == '\\') out.append('\\');
      out.append(c);
    }
    return out.toString();
  }

  /** A link destination: in angle brackets when it has spaces, parentheses or backslashes. */
  static String destination(String url) {
    boolean plain = true;
    for (int i = 0; i < url.length() && plain; i++) {
      char c = url.charAt(i);
      plain = c > ' ' && c != '(' && c != ')' && c != '<' && c != '>' && c != '\\';
    }
    if (plain) return url;
    StringBuilder out = new StringBuilder(url.length() + 8).append('<');
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '<') out.append("%3C");
      else if (c == '>') out.append("%3E");
      else if (c == '\\') out.append("\\\\");
      else if (c != '\n' && c != '\r') out.append(c);
    }
    return out.append('>').toString();
  }
}
