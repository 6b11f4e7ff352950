package io.mailmind.core.internal.mime;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSS and HTML attribute colours as RGB ({@code #fff}, {@code #ffffff}, {@code rgb(255,255,255)}, the named
 * colours mail uses), for telling text written in its background's colour. Stateless.
 */
final class CssColor {
  /** Not a colour this class reads (a {@code var()}, a gradient, {@code inherit}): decide nothing from it. */
  static final int UNKNOWN = -1;
  /** {@code transparent}, or an alpha of zero: nothing shows. */
  static final int TRANSPARENT = -2;
  /** Colours this close on every channel are one colour to a reader. */
  private static final int SAME = 8;
  private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-f]{6}");
  private static final Pattern COMMA_SPACE = Pattern.compile(",\\s+");
  private static final Pattern CHANNEL_SEPARATOR = Pattern.compile("[,/]");

  private static final Map<String, Integer> NAMED = Map.ofEntries(
      Map.entry("white", 0xffffff), Map.entry("black", 0x000000), Map.entry("red", 0xff0000),
      Map.entry("green", 0x008000), Map.entry("blue", 0x0000ff), Map.entry("yellow", 0xffff00),
      Map.entry("gray", 0x808080), Map.entry("grey", 0x808080), Map.entry("silver", 0xc0c0c0),
      Map.entry("navy", 0x000080), Map.entry("orange", 0xffa500), Map.entry("purple", 0x800080),
      Map.entry("whitesmoke", 0xf5f5f5), Map.entry("snow", 0xfffafa), Map.entry("ivory", 0xfffff0));

  private CssColor() {}

  /** The colour {@code value} names (lower case), or {@link #UNKNOWN} or {@link #TRANSPARENT}. */
  static int parse(String value) {
    if (value == null || value.isEmpty()) return UNKNOWN;
    value = value.replace(" ", "");
    if (value.equals("transparent")) return TRANSPARENT;
    if (value.startsWith("#")) return hex(value.substring(1));
    if (value.startsWith("rgb(") || value.startsWith("rgba(")) return rgb(value);
    Integer named = NAMED.get(value);
    if (named != null) return named;
    return HEX_DIGITS.matcher(value).matches() ? hex(value) : UNKNOWN; // bgcolor="ffffff" in old mail
  }

  /** The colour in a {@code background} shorthand; {@link #UNKNOWN} with an image (what shows is not known). */
  static int background(String shorthand) {
    if (shorthand == null || shorthand.contains("url(") || shorthand.contains("gradient(")) return UNKNOWN;
    String tokens = shorthand.indexOf(',') < 0 ? shorthand : COMMA_SPACE.matcher(shorthand).replaceAll(",");
    for (String token : tokens.split(" ")) {
      int color = parse(token);
      if (color != UNKNOWN) return color;
    }
    return UNKNOWN;
  }

  static boolean same(int a, int b) {
    if (a < 0 || b < 0) return false;
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) > SAME) return false;
    }
    return true;
  }

  private static int hex(String digits) {
    try {
      return switch (digits.length()) {
        case 3 -> {
          int v = Integer.parseInt(digits, 16);
          yield ((v >> 8 & 0xf) * 0x11) << 16 | ((v >> 4 & 0xf) * 0x11) << 8 | (v & 0xf) * 0x11;
        }
        case 6 -> Integer.parseInt(digits, 16);
        case 8 -> digits.endsWith("00") ? TRANSPARENT : Integer.parseInt(digits.substring(0, 6), 16);
        default -> UNKNOWN;
      };
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  private static int rgb(String value) {
    int open = value.indexOf('(');
    int close = value.indexOf(')');
    if (close < open) return UNKNOWN;
    String[] parts = CHANNEL_SEPARATOR.split(value.substring(open + 1, close));
    if (parts.length < 3) return UNKNOWN;
    try {
      if (parts.length > 3 && Double.parseDouble(parts[3].replace("%", "")) == 0) return TRANSPARENT;
      int rgb = 0;
      for (int i = 0; i < 3; i++) {
        int channel = (int) Math.round(Double.parseDouble(parts[i].replace("%", "")));
        if (parts[i].endsWith("%")) channel = channel * 255 / 100;
        rgb = rgb << 8 | Math.max(0, Math.min(255, channel));
      }
      return rgb;
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }
}
