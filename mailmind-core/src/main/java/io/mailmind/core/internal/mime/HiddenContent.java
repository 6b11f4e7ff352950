package io.mailmind.core.internal.mime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Removes what a mail client does not show, judged from style attributes and the document's style sheet
 * ({@link StyleSheetRules}), the style attribute winning unless the sheet says {@code !important}:
 * <ul>
 *   <li>elements with the {@code hidden} attribute, {@code display:none}, {@code visibility:hidden},
 *       {@code opacity:0}, or a height or width of zero with {@code overflow:hidden} (how preheaders hide);
 *   <li>text in a font size of zero ({@code font-size:0} is also how layouts remove the gaps between columns,
 *       so only text without a larger size set below it goes, never the element);
 *   <li>text coloured like its background ({@code color:#fff} on the white page), or transparent. The
 *       background is the nearest one set ({@code bgcolor}, {@code background}); under a background image,
 *       or a colour this class cannot read, nothing is judged. Links are blue unless coloured themselves;
 *   <li>tracking pixels ({@link TrackingPixels}).
 * </ul>
 * {@code aria-hidden} is kept: it hides from screen readers, not from eyes. Not thread-safe; one per document.
 */
final class HiddenContent implements NodeFilter {
  private static final int BLACK = 0x000000;
  private static final int WHITE = 0xffffff;
  private static final int LINK_BLUE = 0x0000ee;

  /** What an element passes on to its content. */
  private record Inherited(boolean noFontSize, int color, int background) {}

  private final StyleSheetRules sheet;
  private final Deque<Inherited> stack = new ArrayDeque<>();
  private final List<Node> doomed = new ArrayList<>();
  /** Style attributes read, by their text (mail repeats the same ones on many elements); never changed. */
  private final Map<String, Map<String, String>> inlineStyles = new HashMap<>();

  private HiddenContent(StyleSheetRules sheet) {
    this.sheet = sheet;
  }

  static void remove(Element body, StyleSheetRules sheet) {
    HiddenContent filter = new HiddenContent(sheet);
    filter.stack.push(new Inherited(false, BLACK, WHITE));
    NodeTraversor.filter(filter, body);
    for (Node node : filter.doomed) {
      if (node.parentNode() != null) node.remove();
    }
  }

  @Override
  public FilterResult head(Node node, int depth) {
    Inherited outer = stack.peek();
    if (node instanceof TextNode text) {
      if (!text.isBlank() && invisibleText(outer)) doomed.add(text);
      return FilterResult.CONTINUE;
    }
    if (!(node instanceof Element element)) return FilterResult.CONTINUE;
    Map<String, String> style = style(element);
    // the body itself stays: a rule hiding it is no mail's intent (see StyleSheetRules)
    if (depth > 0 && (hidden(element, style) || TrackingPixels.isTrackingPixel(element, style))) {
      doomed.add(element);
      return FilterResult.SKIP_ENTIRELY;
    }
    stack.push(inherited(element, style, outer));
    return FilterResult.CONTINUE;
  }

  /** The declarations that apply to {@code element}: its style attribute over the style sheet's rules. */
  private Map<String, String> style(Element element) {
    Map<String, String> rules = sheet.of(element);
    String inline = element.attr("style");
    if (rules != null) return CssDeclarations.cascade(rules, inline);
    return inlineStyles.computeIfAbsent(inline, text -> CssDeclarations.cascade(null, text));
  }

  @Override
  public FilterResult tail(Node node, int depth) {
    if (node instanceof Element && stack.size() > 1) stack.pop();
    return FilterResult.CONTINUE;
  }

  private static boolean invisibleText(Inherited state) {
    return state.noFontSize || state.color == CssColor.TRANSPARENT || CssColor.same(state.color, state.background);
  }

  private static boolean hidden(Element element, Map<String, String> style) {
    if (element.hasAttr("hidden")) return true;
    if (style.isEmpty()) return false;
    if ("none".equals(CssDeclarations.value(style, "display"))) return true;
    if ("hidden".equals(CssDeclarations.value(style, "visibility"))) return true;
    if (zeroOpacity(CssDeclarations.value(style, "opacity"))) return true;
    String overflow = CssDeclarations.value(style, "overflow");
    if (overflow == null) overflow = CssDeclarations.value(style, "overflow-y");
    boolean clipped = "hidden".equals(overflow);
    return clipped && (CssDeclarations.zeroLength(CssDeclarations.value(style, "max-height"))
        || CssDeclarations.zeroLength(CssDeclarations.value(style, "height"))
        || CssDeclarations.zeroLength(CssDeclarations.value(style, "max-width"))
        || CssDeclarations.zeroLength(CssDeclarations.value(style, "width")));
  }

  private static boolean zeroOpacity(String value) {
    if (value == null) return false;
    try {
      return Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Inherited inherited(Element element, Map<String, String> style, Inherited outer) {
    boolean noFontSize = outer.noFontSize;
    String fontSize = CssDeclarations.value(style, "font-size");
    if (fontSize != null) noFontSize = CssDeclarations.zeroLength(fontSize);
    int color = outer.color;
    if (element.normalName().equals("a") && element.hasAttr("href")) color = LINK_BLUE;
    if (element.normalName().equals("font") && element.hasAttr("color")) color = CssColor.parse(element.attr("color"));
    String declaredColor = CssDeclarations.value(style, "color");
    if (declaredColor != null) color = CssColor.parse(declaredColor);
    return new Inherited(noFontSize, color, background(element, style, outer.background));
  }

  private static int background(Element element, Map<String, String> style, int outer) {
    if (element.hasAttr("background") || style.containsKey("background-image")) return CssColor.UNKNOWN;
    int background = outer;
    if (element.hasAttr("bgcolor")) background = opaque(CssColor.parse(element.attr("bgcolor")), background);
    String shorthand = CssDeclarations.value(style, "background");
    if (shorthand != null) background = opaque(CssColor.background(shorthand), background);
    String color = CssDeclarations.value(style, "background-color");
    if (color != null) background = opaque(CssColor.parse(color), background);
    return background;
  }

  /** A transparent background shows the one behind it. */
  private static int opaque(int color, int behind) {
    return color == CssColor.TRANSPARENT ? behind : color;
  }
}
