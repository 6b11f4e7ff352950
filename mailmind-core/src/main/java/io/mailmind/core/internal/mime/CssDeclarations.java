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
    for (String declaration : block.split(";")) {
      int colon = declaration.indexOf(':');
      if (colon <= 0) continue;
      String property = compact(declaration.substring(0, colon));
      String value = compact(declaration.substring(colon + 1));
      if (value.indexOf('!') >= 0) value = IMPORTANT_MARK.matcher(value).replaceAll(IMPORTANT);
      if (property.isEmpty() || value.isEmpty()) continue;
      String previous = out.get(property);
      if (previous != null && important(previous) && !important(value)) continue;
      out.put(property, value);
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

  private static String compact(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
    }
    return out.toString().strip().toLowerCase(Locale.ROOT);
  }
}
