package io.mailmind.core.internal.mime;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Blocks that show as an empty line: {@code <div><br></div>} (Gmail, Apple Mail, Outlook on the web write the
 * empty lines of a message so) and {@code <div>&nbsp;</div>}. They have no text, yet a reader sees the paragraph
 * break, so {@link MarkdownRenderer} writes one. Stateless.
 */
final class BlankLines {
  /** Deeper or wider content is not the shape mail clients write; looking further would only cost time. */
  private static final int MAX_DEPTH = 3;
  private static final int MAX_CHILDREN = 4;

  private BlankLines() {}

  static boolean isBlankLine(Element block) {
    return blank(block, 0) == Boolean.TRUE;
  }

  /** TRUE: only breaks and non-breaking spaces, at least one; FALSE: something else; null: nothing at all. */
  private static Boolean blank(Element element, int depth) {
    if (depth > MAX_DEPTH || element.childNodeSize() > MAX_CHILDREN) return Boolean.FALSE;
    Boolean found = null;
    for (Node child : element.childNodes()) {
      if (child instanceof TextNode text) {
        String value = text.getWholeText();
        if (!value.replace('\u00a0', ' ').isBlank()) return Boolean.FALSE;
        if (value.indexOf('\u00a0') >= 0) found = Boolean.TRUE;
      } else if (child instanceof Element e) {
        if (e.normalName().equals("br")) {
          found = Boolean.TRUE;
        } else if (e.isBlock() || e.normalName().equals("img")) {
          return Boolean.FALSE;
        } else {
          Boolean inner = blank(e, depth + 1);
          if (inner == Boolean.FALSE) return Boolean.FALSE;
          if (inner == Boolean.TRUE) found = Boolean.TRUE;
        }
      }
    }
    return found;
  }
}
