package io.mailmind.core.internal.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The first lines of text of part of a jsoup tree, as a reader sees them: a line ends at {@code <br>}, at a block
 * and at a table row; cells of a row are joined with a space. Lines are {@link ReplyPatterns#normalize normalized}
 * and blank ones left out. Reads no further than it needs. Stateless.
 */
final class TextLines {
  private TextLines() {}

  /** Up to {@code max} non-blank lines of {@code root}. */
  static List<String> of(Node root, int max) {
    Collector collector = new Collector(max);
    NodeTraversor.filter(collector, root);
    return collector.finish();
  }

  /**
   * Up to {@code max} non-blank lines from {@code start} (included) to the end of the document, in document order.
   */
  static List<String> from(Node start, int max) {
    Collector collector = new Collector(max);
    Node node = start;
    while (node != null && !collector.full()) {
      NodeTraversor.filter(collector, node);
      while (node != null && node.nextSibling() == null) {
        node = node.parentNode();
        if (node instanceof Element element) collector.endOf(element);
      }
      if (node != null) node = node.nextSibling();
    }
    return collector.finish();
  }

  /** Whether {@code root} holds text or a picture a reader sees (tracking pixels and hidden parts left out). */
  static boolean hasContent(Node root) {
    boolean[] found = {false};
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode text) {
          if (!ReplyPatterns.isBlank(text.getWholeText())) {
            found[0] = true;
            return FilterResult.STOP;
          }
        } else if (node instanceof Element element) {
          if (isHidden(element)) return FilterResult.SKIP_ENTIRELY;
          if (element.normalName().equals("img") && isPicture(element)) {
            found[0] = true;
            return FilterResult.STOP;
          }
        }
        return FilterResult.CONTINUE;
      }
    }, root);
    return found[0];
  }

  static boolean isHidden(Element element) {
    String name = element.normalName();
    if (name.equals("head") || name.equals("style") || name.equals("script") || name.equals("title")) return true;
    if (element.hasAttr("hidden")) return true;
    String style = element.attr("style");
    return styleContains(style, "display:none") || styleContains(style, "visibility:hidden");
  }

  private static boolean isPicture(Element img) {
    return !tiny(img.attr("width")) && !tiny(img.attr("height"));
  }

  private static boolean tiny(String size) {
    String s = size.strip().replace("px", "");
    if (s.isEmpty()) return false;
    try {
      return Double.parseDouble(s) <= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Whether {@code style}, lower-cased ({@link Character#toLowerCase(char)}) and without white space, contains
   * {@code needle} (lower case, no white space, with a colon). Reads the attribute in place, from each of its colons
   * (only a colon lower-cases to one): it runs on every element.
   */
  static boolean styleContains(String style, String needle) {
    int anchor = needle.indexOf(':');
    for (int colon = style.indexOf(':'); colon >= 0; colon = style.indexOf(':', colon + 1)) {
      int at = colon - 1;
      int matched = anchor - 1;
      while (matched >= 0 && at >= 0) {
        char c = style.charAt(at--);
        if (Character.isWhitespace(c)) continue;
        if (lowerCase(c) != needle.charAt(matched)) break;
        matched--;
      }
      if (matched >= 0) continue;
      at = colon + 1;
      matched = anchor + 1;
      while (matched < needle.length() && at < style.length()) {
        char c = style.charAt(at++);
        if (Character.isWhitespace(c)) continue;
        if (lowerCase(c) != needle.charAt(matched)) break;
        matched++;
      }
      if (matched == needle.length()) return true;
    }
    return false;
  }

  /** {@link Character#toLowerCase(char)}, without its table lookup for ASCII. */
  private static char lowerCase(char c) {
    if (c >= 0x80) return Character.toLowerCase(c);
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static final class Collector implements NodeFilter {
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private final int max;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();

    Collector(int max) {
      this.max = max;
    }

    boolean full() {
      return lines.size() >= max;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (full()) return FilterResult.STOP;
      if (node instanceof TextNode text) {
        line.append(text.getWholeText().replace('\n', ' ').replace('\r', ' '));
      } else if (node instanceof Element element) {
        if (isHidden(element)) return FilterResult.SKIP_ENTIRELY;
        String name = element.normalName();
        if (name.equals("br") || name.equals("tr") || name.equals("hr") || isBlock(element)) {
          breakLine();
        } else if (name.equals("td") || name.equals("th")) {
          line.append(' ');
        }
      }
      return full() ? FilterResult.STOP : FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element element) endOf(element);
      return full() ? FilterResult.STOP : FilterResult.CONTINUE;
    }

    void endOf(Element element) {
      if (element.normalName().equals("tr") || isBlock(element)) breakLine();
    }

    private static boolean isBlock(Element element) {
      String name = element.normalName();
      return !name.equals("td") && !name.equals("th") && element.isBlock();
    }

    private void breakLine() {
      if (line.length() == 0) return;
      String text = line.toString();
      if (text.contains("  ")) text = SPACES.matcher(text).replaceAll(" ");
      String normalized = ReplyPatterns.normalize(text);
      line.setLength(0);
      if (!normalized.isEmpty() && !full()) lines.add(normalized);
    }

    List<String> finish() {
      breakLine();
      return lines;
    }
  }
}
