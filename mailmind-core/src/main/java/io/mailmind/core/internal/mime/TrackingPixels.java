package io.mailmind.core.internal.mime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * Images that show nothing and are there to report that the mail was opened (or to space a layout): 1 pixel or
 * less wide or high, by attribute or by style; and, without any size, images without alt text whose address is one
 * of the open-tracking and spacer shapes that bulk senders use ({@code /track/open}, {@code /wf/open},
 * {@code pixel.gif}, {@code spacer.gif}, ...). A real picture has a size above one pixel or alt text, so it is
 * never taken for one. Stateless.
 */
final class TrackingPixels {
  /** Paths (lower case) of open-tracking and spacer images: Mailchimp, SendGrid, generic beacons, spacers. */
  private static final List<String> SHAPES = List.of("/track/open", "/open.php", "/open.aspx", "/open.gif",
      "/wf/open", "/e/open", "/trk/open", "/pixel.gif", "/pixel.png", "/pixel/", "/px.gif", "/beacon", "/1x1.gif",
      "/1x1.png", "/spacer.gif", "/blank.gif", "/clear.gif", "/transparent.gif", "/t.gif", "/o.gif");

  private TrackingPixels() {}

  static boolean isTrackingPixel(Element element, Map<String, String> style) {
    if (!element.normalName().equals("img")) return false;
    if (tiny(element.attr("width")) || tiny(element.attr("height"))) return true;
    String width = CssDeclarations.value(style, "width");
    String height = CssDeclarations.value(style, "height");
    if (tiny(width) || tiny(height)) return true;
    boolean sized = !element.attr("width").isBlank() || !element.attr("height").isBlank() || width != null
        || height != null;
    return !sized && element.attr("alt").isBlank() && trackingShape(element.attr("src"));
  }

  private static boolean trackingShape(String src) {
    String url = src.strip().toLowerCase(Locale.ROOT);
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    for (String shape : SHAPES) {
      if (path.contains(shape)) return true;
    }
    return false;
  }

  /** {@code 0}, {@code 1}, {@code 1px}, {@code 0px}: a size of at most one pixel. */
  private static boolean tiny(String size) {
    if (size == null) return false;
    String s = size.strip().toLowerCase(Locale.ROOT);
    if (s.endsWith("px")) s = s.substring(0, s.length() - 2).strip();
    if (s.isEmpty() || s.length() > 6) return false;
    try {
      return Double.parseDouble(s) <= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
