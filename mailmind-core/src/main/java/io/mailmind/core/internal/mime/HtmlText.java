package io.mailmind.core.internal.mime;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Plain text of a (cleaned) jsoup tree with line breaks at block boundaries and {@code <br>}: the fallback
 * when Markdown conversion fails or takes too long. Iterative, so any nesting is safe.
 */
final class HtmlText {
  private HtmlText() {}

  static String of(Node root) {
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode text) {
          String value = text.getWholeText();
          Element parent = text.parent();
          if (parent != null && parent.normalName().equals("pre")) {
            out.append(value);
          } else {
            appendCollapsed(out, value);
          }
        } else if (node instanceof Element element) {
          if (element.normalName().equals("br")) {
            out.append('\n');
          } else if (element.isBlock()) {
            newline(out);
          }
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element element && element.isBlock()) newline(out);
      }
    }, root);
    return tidy(out);
  }

  private static void appendCollapsed(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        int last = out.length() - 1;
        if (last >= 0 && out.charAt(last) != ' ' && out.charAt(last) != '\n') out.append(' ');
      } else {
        out.append(c);
      }
    }
  }

  private static void newline(StringBuilder out) {
    int last = out.length() - 1;
    while (last >= 0 && out.charAt(last) == ' ') out.setLength(last--);
    if (last >= 0 && out.charAt(last) != '\n') out.append('\n');
  }

  /** Trims every line and allows at most one empty line in a row. */
  private static String tidy(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    int blank = 0;
    for (String line : text.toString().split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        if (++blank > 1 || out.length() == 0) continue;
      } else {
        blank = 0;
      }
      out.append(trimmed).append('\n');
    }
    return out.toString().strip();
  }
}
