package io.mailmind.core.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Parses mail HTML with jsoup (nesting capped, so no later recursive step can overflow the stack) and removes
 * what a reader does not see: head, scripts, styles, comments (Outlook conditionals too), embedded objects, and
 * what a mail client hides ({@link HiddenContent}: hidden elements, invisible text, tracking pixels, with the
 * document's style sheet applied by {@link StyleSheetRules}). Images embedded as {@code data:} URIs become their
 * alt text. Layout tables become blocks, wrapper chains and empty elements go (see the methods).
 * Thread-safe (a new parser per call).
 */
final class HtmlCleaner {
  /** The deepest element nesting kept; deeper elements are flattened by jsoup. */
  static final int MAX_DEPTH = 256;
  /** Elements removed with their content; also a {@code button} inside a {@code form}. */
  private static final Set<String> REMOVED = Set.of("head", "script", "style", "noscript", "template", "iframe",
      "frame", "object", "embed", "applet", "svg", "canvas", "audio", "video", "map", "link", "meta", "base", "title",
      "select");

  /** What an embedded image without alt text is written as. */
  static final String IMAGE = "(image)";

  private static final Set<String> BLOCKS =
      Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "hr", "table");

  private static final Set<String> BLOCK_WRAPPERS =
      Set.of("div", "center", "section", "article", "main", "header", "footer", "aside", "nav");
  private static final Set<String> EMPHASIS = Set.of("b", "strong", "i", "em");
  private static final Set<String> EMPTY_REMOVABLE = Set.of("div", "span", "font", "p", "b",
      "strong", "i", "em", "u", "center", "section", "a", "small", "big");

  private HtmlCleaner() {}

  static Document parse(String html) {
    Document document = parseUncleaned(html);
    clean(document);
    return document;
  }

  /** The tree as parsed, nesting capped, not yet {@link #clean cleaned} (the reply separator reads the clients' marks). */
  static Document parseUncleaned(String html) {
    Parser parser = Parser.htmlParser().setMaxDepth(MAX_DEPTH);
    return Jsoup.parse(html, "", parser);
  }

  static void clean(Document document) {
    StyleSheetRules sheet = StyleSheetRules.of(document); // before the style elements go
    for (Element removed : DocumentOrder.select(document, HtmlCleaner::removed)) removed.remove();
    removeComments(document);
    HiddenContent.remove(document.body(), sheet);
    replaceDataImages(document);
    unwrapLayoutTables(document);
    unwrapWrappers(document);
  }

  private static boolean removed(Element element) {
    String name = element.normalName();
    if (REMOVED.contains(name)) return true;
    if (!name.equals("button")) return false;
    for (Element parent = element.parent(); parent != null; parent = parent.parent()) {
      if (parent.normalName().equals("form")) return true;
    }
    return false;
  }

  /**
   * Removes wrappers that add nothing but depth: a block ({@code div}, {@code center}, ...) whose only content
   * is another block, a {@code span} or {@code font} whose only content is one element, and bold or italic
   * directly inside the same; and removes empty ones. Flexmark's time grows faster than linearly with such chains, and mail has them.
   */
  private static void unwrapWrappers(Document document) {
    List<Element> all = DocumentOrder.select(document.body(), element -> true);
    for (int i = all.size() - 1; i > 0; i--) {
      Element element = all.get(i);
      String name = element.normalName();
      if (element.childNodeSize() == 0 && EMPTY_REMOVABLE.contains(name)) {
        if (element.parent() != null) element.remove();
        continue;
      }
      Element only = onlyChild(element);
      if (only == null) continue;
      String child = only.normalName();
      boolean wrapper = BLOCK_WRAPPERS.contains(name) && only.isBlock()
          || (name.equals("span") || name.equals("font"))
          || EMPHASIS.contains(name) && EMPHASIS.contains(child) && sameEmphasis(name, child);
      if (wrapper && element.parent() != null) element.unwrap();
    }
  }

  private static boolean sameEmphasis(String a, String b) {
    boolean strongA = a.equals("b") || a.equals("strong");
    boolean strongB = b.equals("b") || b.equals("strong");
    return strongA == strongB;
  }

  /** The single child element when there is no other content but white space, else {@code null}. */
  private static Element onlyChild(Element element) {
    Element only = null;
    for (Node node : element.childNodes()) {
      if (node instanceof Element child) {
        if (only != null) return null;
        only = child;
      } else if (node instanceof TextNode text) {
        if (!text.isBlank()) return null;
      }
    }
    return only;
  }

  /**
   * Mail uses tables for layout; as Markdown tables they are unreadable. A table stays a table only when it
   * looks like data: no nested table, no {@code role=presentation}, at least two rows and two columns, and
   * cells holding inline content only. Any other table becomes blocks: rows and cells turn into {@code div}s.
   */
  private static void unwrapLayoutTables(Document document) {
    List<Element> layout = new ArrayList<>();
    List<Element> tables = DocumentOrder.select(document.body(), element -> element.normalName().equals("table"));
    for (int i = 0; i < tables.size(); i++) {
      Element table = tables.get(i);
      // in document order, a table holding another is followed by the first it holds
      boolean nested = i + 1 < tables.size() && holds(table, tables.get(i + 1));
      if (nested || !isDataTable(table)) layout.add(table);
    }
    for (Element table : layout) {
      for (Element row : rows(table)) {
        for (Element cell : row.children()) {
          if (cell.normalName().equals("td") || cell.normalName().equals("th")) cell.tagName("div");
        }
        row.tagName("div");
      }
      for (Element section : table.children()) {
        String name = section.normalName();
        if (name.equals("tbody") || name.equals("thead") || name.equals("tfoot")) {
          section.unwrap();
        } else if (name.equals("caption")) {
          section.tagName("div");
        }
      }
      table.tagName("div");
    }
  }

  /** Whether {@code inner} is inside {@code outer}. */
  private static boolean holds(Element outer, Element inner) {
    for (Element parent = inner.parent(); parent != null; parent = parent.parent()) {
      if (parent == outer) return true;
    }
    return false;
  }

  /** Whether a table without a nested table looks like data (see {@link #unwrapLayoutTables}). */
  private static boolean isDataTable(Element table) {
    if (table.attr("role").equalsIgnoreCase("presentation")) return false;
    List<Element> rows = rows(table);
    if (rows.size() < 2) return false;
    int columns = 0;
    for (Element row : rows) {
      int cells = 0;
      for (Element cell : row.children()) {
        String name = cell.normalName();
        if (!name.equals("td") && !name.equals("th")) continue;
        cells++;
        if (DocumentOrder.any(cell, element -> BLOCKS.contains(element.normalName()))) return false;
      }
      columns = Math.max(columns, cells);
    }
    return columns >= 2;
  }

  private static List<Element> rows(Element table) {
    List<Element> rows = new ArrayList<>();
    for (Element child : table.children()) {
      String name = child.normalName();
      if (name.equals("tr")) {
        rows.add(child);
      } else if (name.equals("tbody") || name.equals("thead") || name.equals("tfoot")) {
        for (Element row : child.children()) {
          if (row.normalName().equals("tr")) rows.add(row);
        }
      }
    }
    return rows;
  }

  private static void removeComments(Document document) {
    List<Node> comments = new ArrayList<>();
    NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
      if (node instanceof Comment) comments.add(node);
    }, document.body());
    for (Node comment : comments) {
      if (comment.parentNode() != null) comment.remove();
    }
  }

  /**
   * An image embedded as a {@code data:} URI is its alt text, or {@value #IMAGE} without one: the URI is kilobytes
   * of Base64 that no reader of the Markdown can use, and no link policy lets it through anyway.
   */
  private static void replaceDataImages(Document document) {
    for (Element image : DocumentOrder.select(document.body(), element -> element.normalName().equals("img"))) {
      if (!image.attr("src").strip().regionMatches(true, 0, "data:", 0, 5)) continue;
      String alt = image.attr("alt").strip();
      image.replaceWith(new TextNode(alt.isEmpty() ? IMAGE : alt));
    }
  }
}
