package io.mailmind.core.internal.reply;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Finds the quoted history in an HTML body, on its jsoup tree as parsed (before cleaning: the cleaner unwraps
 * the wrappers that carry the clients' marks), and removes it from a copy.
 *
 * <p>Two kinds of history:
 * <ul>
 *   <li><b>Quote blocks</b>, each with the attribution line above it: Gmail's {@code gmail_quote} (with its
 *       {@code gmail_attr}), Apple Mail's and Thunderbird's {@code <blockquote type="cite">} (Thunderbird's
 *       {@code moz-cite-prefix}), Yahoo's {@code yahoo_quoted}, and any {@code <blockquote>} right below an
 *       "On … wrote:" line. A quote block is removed when none of the sender's text follows it; one the sender
 *       answers below (an inline reply, or a reply written under the quote) stays as the context of the answer.
 *       Inside a Gmail quote that the sender wrote into, only the blockquotes are quote blocks.</li>
 *   <li><b>A quoted or forwarded message's header block</b>, from which everything to the end is the earlier
 *       message: Outlook's {@code divRplyFwdMsg} (with the {@code <hr>} and {@code appendonsend} above it), Outlook
 *       on the web's {@code mail-editor-reference-message-container}, a "From: … Sent: … To: … Subject: …" block
 *       after an {@code <hr>} or in a box with a top border, "-----Original Message-----", a forwarding note
 *       followed by a header block (Gmail, Yahoo, Thunderbird's {@code moz-forward-container}). A forwarding note
 *       ("---------- Forwarded message ---------", "Begin forwarded message:") stays; the forwarded message goes.</li>
 * </ul>
 * Everything else stays: a line that is not recognisably quoted is the sender's. Stateless.
 */
public final class QuotedHtml {
  /** Lines read to recognise a header block. */
  private static final int HEADER_LINES = 8;
  private static final Set<String> CUT_IDS = Set.of("divrplyfwdmsg", "appendonsend",
      "mail-editor-reference-message-container");

  private QuotedHtml() {}

  /**
   * A copy of {@code document} without its quoted history, or {@code null} when it has none. {@code document} is
   * not changed.
   */
  public static Document withoutQuotes(Document document) {
    Plan plan = plan(document);
    if (plan.isEmpty()) return null;
    List<List<Integer>> removePaths = new ArrayList<>();
    for (Node node : plan.remove) removePaths.add(path(node));
    List<Integer> cutPath = plan.cut == null ? null : path(plan.cut);
    Document copy = document.clone();
    List<Node> remove = new ArrayList<>();
    for (List<Integer> path : removePaths) remove.add(at(copy, path));
    Node cut = cutPath == null ? null : at(copy, cutPath);
    for (int i = 0; i < remove.size(); i++) {
      String note = plan.notes.get(plan.remove.get(i));
      if (note != null) remove.get(i).before(paragraph(note));
    }
    for (Node node : remove) {
      if (node.parentNode() != null) node.remove();
    }
    if (cut != null) cutFrom(cut, plan.cutNote);
    return copy;
  }

  private static Element paragraph(String text) {
    return new Element("p").text(text);
  }

  /** Removes {@code cut}, what follows it in its parent, and what follows each of its ancestors. */
  private static void cutFrom(Node cut, String note) {
    if (note != null) cut.before(paragraph(note));
    Node node = cut;
    while (node != null && node.parentNode() != null) {
      Node parent = node.parentNode();
      while (node.nextSibling() != null) node.nextSibling().remove();
      node = parent;
    }
    cut.remove();
  }

  // ---- finding ----

  /** What to remove: quote blocks (with notes that replace them) and where the earlier message starts. */
  private static final class Plan {
    final List<Node> remove = new ArrayList<>();
    final Map<Node, String> notes = new IdentityHashMap<>();
    Node cut;
    String cutNote;

    boolean isEmpty() {
      return remove.isEmpty() && cut == null;
    }
  }

  /** A quote block: its nodes (attribution first), and the forwarding note that stays in its place, if any. */
  private record Unit(List<Node> nodes, String note) {}

  private static Plan plan(Document document) {
    Plan plan = new Plan();
    Element body = document.body();
    if (body == null) return plan;
    Walker walker = new Walker(plan);
    NodeTraversor.filter(walker, body);
    int lastContent = walker.content.isEmpty() ? -1 : walker.content.get(walker.content.size() - 1).position();
    for (Map.Entry<Unit, Integer> unit : walker.units.entrySet()) {
      // Quote blocks that the sender answers below stay; those after the sender's last text go.
      if (unit.getValue() > lastContent) {
        plan.remove.addAll(unit.getKey().nodes());
        if (unit.getKey().note() != null) plan.notes.put(unit.getKey().nodes().get(0), unit.getKey().note());
      }
    }
    return plan;
  }

  /** Where the sender's own content was seen. */
  private record Seen(Node node, int position) {}

  /**
   * One walk in document order: the quote blocks (their insides skipped), the first header block outside them
   * (the walk stops there), and the sender's content with its positions.
   */
  private static final class Walker implements NodeFilter {
    final Plan plan;
    final Map<Node, Unit> members = new IdentityHashMap<>();
    final Map<Unit, Integer> units = new java.util.LinkedHashMap<>();
    final List<Seen> content = new ArrayList<>();
    int position;

    Walker(Plan plan) {
      this.plan = plan;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (members.containsKey(node)) return FilterResult.SKIP_ENTIRELY;
      if (node instanceof Element element) {
        if (TextLines.isHidden(element)) return FilterResult.SKIP_ENTIRELY;
        String cutNote = cutNote(element);
        if (cutNote != null) {
          plan.cut = cutStart(element);
          plan.cutNote = cutNote.isEmpty() ? null : cutNote;
          return FilterResult.STOP;
        }
        Unit unit = unit(element);
        if (unit != null) {
          for (Node member : unit.nodes()) members.put(member, unit);
          // An attribution before the element was walked already, as the sender's content: take it back.
          while (!content.isEmpty() && inside(content.get(content.size() - 1).node(), unit)) {
            content.remove(content.size() - 1);
          }
          units.put(unit, position++);
          return FilterResult.SKIP_ENTIRELY;
        }
        if (element.normalName().equals("img") && TextLines.hasContent(element)) {
          content.add(new Seen(element, position++));
        }
      } else if (node instanceof TextNode text) {
        String line = ReplyPatterns.normalize(text.getWholeText());
        if (line.isEmpty()) return FilterResult.CONTINUE;
        if (ReplyPatterns.isOriginalMessage(line)) {
          plan.cut = blockOf(text);
          return FilterResult.STOP;
        }
        if ((ReplyPatterns.isForwardNote(line) || ReplyPatterns.isUnderscoreRule(line)) && headerFollows(text)) {
          plan.cut = text;
          plan.cutNote = ReplyPatterns.isForwardNote(line) ? line : null;
          return FilterResult.STOP;
        }
        content.add(new Seen(text, position++));
      }
      return FilterResult.CONTINUE;
    }
  }

  private static boolean inside(Node node, Unit unit) {
    for (Node member : unit.nodes()) {
      for (Node at = node; at != null; at = at.parentNode()) {
        if (at == member) return true;
      }
    }
    return false;
  }

  /**
   * When {@code element} starts an earlier message's header block: the forwarding note to keep ("" for none);
   * otherwise null.
   */
  private static String cutNote(Element element) {
    String id = element.id().toLowerCase(java.util.Locale.ROOT);
    if (CUT_IDS.contains(id)) return "";
    String name = element.normalName();
    if (name.equals("hr")) {
      return ReplyPatterns.startsHeaderBlock(TextLines.from(element, HEADER_LINES), 0) ? "" : null;
    }
    if (element.hasClass("moz-forward-container")) {
      List<String> lines = TextLines.of(element, HEADER_LINES);
      if (!lines.isEmpty() && ReplyPatterns.isForwardNote(lines.get(0))) return lines.get(0);
      return ReplyPatterns.startsHeaderBlock(lines, 0) ? "" : null;
    }
    String style = element.attr("style");
    if (TextLines.styleContains(style, "border-top:") && !TextLines.styleContains(style, "border-top:none")
        && ReplyPatterns.startsHeaderBlock(TextLines.of(element, HEADER_LINES), 0)) {
      return "";
    }
    return null;
  }

  /** Outlook writes {@code <div id="appendonsend"></div><hr>} above its header block: the cut starts there. */
  private static Node cutStart(Element element) {
    Node start = element;
    for (Node previous = element.previousSibling(); previous != null; previous = previous.previousSibling()) {
      if (previous instanceof TextNode text && text.isBlank() || previous instanceof Comment) continue;
      if (previous instanceof Element e && (e.normalName().equals("hr") || e.id().equalsIgnoreCase("appendonsend"))) {
        start = previous;
        continue;
      }
      break;
    }
    return start;
  }

  private static boolean headerFollows(TextNode note) {
    List<String> lines = TextLines.from(note, HEADER_LINES + 1);
    return lines.size() > 1 && ReplyPatterns.startsHeaderBlock(lines, 1);
  }

  /** The nearest block ancestor of {@code text} below the body, else the text itself. */
  private static Node blockOf(TextNode text) {
    for (Element parent = text.parent(); parent != null; parent = parent.parent()) {
      if (parent.normalName().equals("body")) break;
      if (parent.isBlock()) return parent;
    }
    return text;
  }

  /** The quote block that {@code element} is (with its attribution), or null. */
  private static Unit unit(Element element) {
    String name = element.normalName();
    if (element.hasClass("yahoo_quoted") || element.id().startsWith("yahoo_quoted")
        || element.id().contains("yahoo_quoted_")) {
      return container(element);
    }
    if (element.hasClass("gmail_quote") && !name.equals("blockquote")) {
      Unit whole = container(element);
      if (whole.note() != null || onlyQuotes(element)) return whole;
      return null; // the sender wrote into it: its blockquotes and attribution are found one by one
    }
    if (element.hasClass("gmail_attr") || element.hasClass("moz-cite-prefix")) {
      Element quote = nextElement(element);
      if (quote != null && quote.normalName().equals("blockquote")) return withAttribution(quote, element);
      return null;
    }
    if (name.equals("blockquote")) {
      boolean marked = element.attr("type").equalsIgnoreCase("cite") || element.hasClass("gmail_quote");
      Node attribution = attributionBefore(element);
      if (marked || attribution != null) return withAttribution(element, attribution);
    }
    return null;
  }

  /** A quote container (Gmail, Yahoo) as one block; a forwarding note at its start stays in its place. */
  private static Unit container(Element element) {
    List<String> lines = TextLines.of(element, HEADER_LINES + 1);
    String note = null;
    if (!lines.isEmpty() && ReplyPatterns.isForwardNote(lines.get(0))) note = lines.get(0);
    return new Unit(List.of(element), note);
  }

  private static Unit withAttribution(Element quote, Node attribution) {
    if (attribution == null) attribution = attributionBefore(quote);
    List<Node> nodes = new ArrayList<>();
    if (attribution != null) nodes.add(attribution);
    nodes.add(quote);
    return new Unit(nodes, null);
  }

  /** Whether a Gmail quote holds nothing but its attribution and blockquotes. */
  private static boolean onlyQuotes(Element container) {
    for (Node child : container.childNodes()) {
      if (child instanceof Element e) {
        if (e.normalName().equals("blockquote") || e.hasClass("gmail_attr") || e.normalName().equals("br")) continue;
        if (!TextLines.hasContent(e)) continue;
        if (isAttribution(e)) continue;
        return false;
      } else if (child instanceof TextNode text && !ReplyPatterns.isBlank(text.getWholeText())) {
        return false;
      }
    }
    return true;
  }

  private static Element nextElement(Element element) {
    for (Node next = element.nextSibling(); next != null; next = next.nextSibling()) {
      if (next instanceof Element e) {
        if (e.normalName().equals("br") || !TextLines.hasContent(e) && !e.normalName().equals("blockquote")) continue;
        return e;
      }
      if (next instanceof TextNode text && !ReplyPatterns.isBlank(text.getWholeText())) return null;
    }
    return null;
  }

  /**
   * The attribution right above {@code quote}: the nearest earlier sibling with content (line breaks and empty
   * elements skipped; for a quote first in its parent, the parent's earlier sibling) when its text, on one or
   * two lines, ends as an attribution does.
   */
  private static Node attributionBefore(Element quote) {
    Node at = quote;
    for (int level = 0; level < 2 && at != null; level++) {
      for (Node previous = at.previousSibling(); previous != null; previous = previous.previousSibling()) {
        if (previous instanceof TextNode text) {
          String line = ReplyPatterns.normalize(text.getWholeText());
          if (line.isEmpty()) continue;
          return ReplyPatterns.endsLikeAttribution(line) ? text : null;
        }
        if (previous instanceof Element e) {
          if (e.normalName().equals("br") || !TextLines.hasContent(e)) continue;
          return isAttribution(e) ? e : null;
        }
      }
      at = at.parentNode() instanceof Element parent && !parent.normalName().equals("body") ? parent : null;
    }
    return null;
  }

  private static boolean isAttribution(Element element) {
    if (element.hasClass("gmail_attr") || element.hasClass("moz-cite-prefix")) return true;
    List<String> lines = TextLines.of(element, 3);
    if (lines.isEmpty() || lines.size() > 2) return false;
    return ReplyPatterns.endsLikeAttribution(String.join(" ", lines));
  }

  // ---- paths, to find the same nodes in a copy ----

  private static List<Integer> path(Node node) {
    List<Integer> path = new ArrayList<>();
    for (Node at = node; at.parentNode() != null; at = at.parentNode()) path.add(0, at.siblingIndex());
    return path;
  }

  private static Node at(Document document, List<Integer> path) {
    Node node = document;
    for (int index : path) node = node.childNode(index);
    return node;
  }
}
