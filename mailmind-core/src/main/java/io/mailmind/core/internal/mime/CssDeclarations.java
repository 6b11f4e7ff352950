package io.mailmind.core.internal.mime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CSS declaration block ({@code "display: none !important; color:#FFF"}) as property to value, both in lower
 * case with white space runs made one space ({@code display -> none!important}); a later declaration of a property wins, as in
 * CSS, and an {@code !important} one is only replaced by another {@code !important} one. Enough for deciding what
 * mail hides; no shorthand expansion. Stateless.
 */
final class CssDeclarations {
  static final String IMPORTANT = "!important";
  private static final Pattern IMPORTANT_MARK = Pattern.compile(" ?! ?important$");
  private static final Set<String> UNITS =
      Set.of("", "px", "pt", "em", "rem", "ex", "ch", "%", "vh", "vw", "cm", "mm", "in", "pc");

  private CssDeclarations() {}

  /** The declarations of {@code block} added to {@code into} (a new map when null); returns the map. */
  static Map<String, String> parse(String block, Map<String, String> into) {
    Map<String, String> out = into != null ? into : new HashMap<>();
    int colon = block.indexOf(':'); // the first colon at or after start (searched again once passed), or -1
    for (int start = 0; start < block.length(); ) {
      int end = block.indexOf(';', start);
      if (end < 0) end = block.length();
      if (colon >= 0 && colon < start) colon = block.indexOf(':', start);
      if (colon > start && colon < end) {
        String property = compact(block, start, colon);
        String value = compact(block, colon + 1, end);
        if (value.indexOf('!') >= 0) value = IMPORTANT_MARK.matcher(value).replaceAll(IMPORTANT);
        if (!property.isEmpty() && !value.isEmpty()) {
          String previous = out.get(property);
          if (previous == null || !important(previous) || important(value)) out.put(property, value);
        }
      }
      start = end + 1;
    }
    return out;
  }

  /** {@code inline} over {@code sheet}: a style attribute beats a style sheet, unless the sheet said important. */
  static Map<String, String> cascade(Map<String, String> sheet, String inline) {
    if (inline == null || inline.isBlank()) return sheet != null ? sheet : Map.of();
    Map<String, String> out = sheet != null ? new HashMap<>(sheet) : new HashMap<>();
    return parse(inline, out);
  }

  static boolean important(String value) {
    return value.endsWith(IMPORTANT);
  }

  /** The value without {@code !important}, or null when not declared. */
  static String value(Map<String, String> declarations, String property) {
    String value = declarations.get(property);
    if (value == null) return null;
    return important(value) ? value.substring(0, value.length() - IMPORTANT.length()) : value;
  }

  /** A length that is zero ({@code 0}, {@code 0px}, {@code 0.0em}, {@code 0%}); false when not declared. */
  static boolean zeroLength(String value) {
    if (value == null) return false;
    int end = 0;
    while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) end++;
    if (end == 0) return false;
    String unit = value.substring(end);
    if (!UNITS.contains(unit)) return false;
    try {
      return Double.parseDouble(value.substring(0, end)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** {@code text} from {@code from} to {@code to}, white space runs made one space, stripped, in lower case. */
  private static String compact(String text, int from, int to) {
    while (from < to && Character.isWhitespace(text.charAt(from))) from++;
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
    boolean collapsed = true; // only single spaces inside: nothing to collapse
    for (int i = from; i < to && collapsed; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) collapsed = c == ' ' && !Character.isWhitespace(text.charAt(i + 1));
    }
    if (collapsed) return text.substring(from, to).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(to - from);
    boolean space = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
      } else {
        if (space) out.append(' ');
        space = false;
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
