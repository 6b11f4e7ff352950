package io.mailmind.core.internal.mime;

/**
 * CommonMark's character classes for delimiter runs ({@code **}, {@code *}, {@code ~~}): a run opens emphasis only
 * when it is left-flanking (not followed by white space, and when followed by punctuation, preceded by white
 * space, punctuation or the line start) and closes only when right-flanking (the mirror image). So
 * {@code **Total:**42} is no bold text: its closer follows punctuation and precedes a digit. {@link MarkdownRenderer}
 * asks these questions before it writes a delimiter. Stateless.
 */
final class Flanking {
  private Flanking() {}

  /** Unicode white space as CommonMark defines it (Zs, tab, line feed, form feed, carriage return). */
  static boolean whitespace(int codePoint) {
    return codePoint == '\t' || codePoint == '\n' || codePoint == '\f' || codePoint == '\r'
        || Character.getType(codePoint) == Character.SPACE_SEPARATOR;
  }

  /** Punctuation and symbols (CommonMark 0.31: ASCII punctuation and Unicode P and S categories). */
  static boolean punctuation(int codePoint) {
    if (codePoint < 128) {
      return codePoint > ' ' && codePoint < 127 && !Character.isLetterOrDigit(codePoint);
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /**
   * A neighbour outside a delimiter that could keep it from opening or closing: not white space and not
   * punctuation by the older definition, which most parsers still use (CommonMark up to 0.30: ASCII punctuation
   * and the Unicode P categories, not symbols such as {@code €}). Counting symbols here, and as punctuation on the
   * inner side, gives Markdown that both definitions read as emphasis.
   */
  static boolean wordLike(int codePoint) {
    if (whitespace(codePoint)) return false;
    if (codePoint < 128) return !punctuation(codePoint);
    return switch (Character.getType(codePoint)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> false;
      default -> true;
    };
  }

  /** The code point before {@code index} of {@code text}, or -1 at its start. */
  static int before(CharSequence text, int index) {
    return index <= 0 ? -1 : Character.codePointBefore(text, index);
  }

  /** The code point at {@code index} of {@code text}, or -1 at its end. */
  static int at(CharSequence text, int index) {
    return index >= text.length() ? -1 : Character.codePointAt(text, index);
  }
}
