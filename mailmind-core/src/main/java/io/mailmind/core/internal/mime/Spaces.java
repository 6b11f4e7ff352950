package io.mailmind.core.internal.mime;

import java.util.regex.Pattern;

/**
 * White space of header values, as the regex class {@code \s} ({@code [ \t\n\x0B\f\r]}) defines it: removed or
 * collapsed without compiling a pattern per call ({@code String.replaceAll} did, for every header of every
 * message), and returning the value itself when nothing changes. Stateless.
 */
final class Spaces {
  /** Runs of white space and commas: the separators of message-id lists. */
  static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s,]+");
  /** Runs of white space. */
  static final Pattern RUNS = Pattern.compile("\\s+");

  private Spaces() {}

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code text.replaceAll("\\s+", "")}. */
  static String removeAll(String text) {
    int first = 0;
    int length = text.length();
    while (first < length && !isSpace(text.charAt(first))) first++;
    if (first == length) return text;
    StringBuilder out = new StringBuilder(length - 1);
    out.append(text, 0, first);
    for (int i = first + 1; i < length; i++) {
      char c = text.charAt(i);
      if (!isSpace(c)) out.append(c);
    }
    return out.toString();
  }

  /** {@code text.replaceAll("\\s+", " ")}. */
  static String collapse(String text) {
    int length = text.length();
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (isSpace(c) && (c != ' ' || (i + 1 < length && isSpace(text.charAt(i + 1))))) break;
      i++;
    }
    if (i == length) return text;
    StringBuilder out = new StringBuilder(length);
    out.append(text, 0, i);
    while (i < length) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        out.append(' ');
        while (i < length && isSpace(text.charAt(i))) i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
