package io.mailmind.core.internal.mime;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Writes a cleaned jsoup tree (see {@link HtmlCleaner}) as Markdown in one pass over its nodes, in time linear in
 * the size of the tree. What mail uses: paragraphs and blocks, ATX headings, {@code **bold**}, {@code *italic*},
 * {@code ~~strike~~}, {@code `code`}, links and images, lists (nested, numbered from {@code start}), block quotes,
 * fenced code, rules, data tables as pipe tables ({@link MarkdownTable}); every other element is rendered by its
 * content. White space is collapsed as a browser does; invisible characters are dropped and text that Markdown
 * would read as markup is escaped ({@link MarkdownEscapes}). Link and image URLs pass {@link LinkPolicy}: a link
 * whose URL is not allowed is its text, such an image its alt text. Choices where Markdown has no equivalent:
 * a block showing only a line break ({@code <div><br></div>}) is a blank line; {@code <sup>} is {@code ^}
 * ({@code 10^6}, {@code x^(n+1)}; ordinals like {@code 1<sup>st</sup>} and symbols like {@code ®} stay as
 * written); {@code <sub>} and {@code <tt>} (a font, not code) are their text. The result still goes through
 * {@link HtmlToMarkdown}'s tidying (trailing spaces, blank-line runs). Stateless; each call uses its own state.
 */
final class MarkdownRenderer {
  private static final int NONE = 0;
  private static final int NEWLINE = 1;
  private static final int BLANK = 2;

  private MarkdownRenderer() {}

  static String render(Element root) {
    return render(root, null);
  }

  /**
   * The Markdown of {@code root}, checking {@code deadline} (unless null) every {@value Deadline#EVERY} elements.
   *
   * @throws TimedOut when the deadline passed
   */
  static String render(Element root, Deadline deadline) {
    Writer writer = new Writer(deadline);
    writer.children(root);
    writer.flush();
    return writer.out.toString();
  }

  /** When a rendering must give up: {@code budget} nanoseconds after it started. Not thread-safe; one per call. */
  static final class Deadline {
    static final int EVERY = 64;
    private final long start = System.nanoTime();
    private final long budget;
    private int elements;

    Deadline(long budget) {
      this.budget = budget;
    }

    void check() {
      if (++elements % EVERY == 0 && System.nanoTime() - start > budget) throw new TimedOut();
    }
  }

  /** The rendering took longer than its {@link Deadline}. */
  static final class TimedOut extends RuntimeException {
    TimedOut() {
      super("Markdown rendering took longer than its time limit", null, false, false);
    }
  }

  /** A table cell's inline Markdown on one line, pipes escaped. */
  private static String cell(Element cell, Deadline deadline) {
    Writer writer = new Writer(deadline);
    writer.children(cell);
    writer.flush();
    return InlineText.oneLine(writer.out.toString()).strip().replace("|", "\\|");
  }

  /** The per-call state: the output, the paragraph being assembled, line prefixes and inline nesting. */
  private static final class Writer {
    /** Checked at every element; null for none. */
    final Deadline deadline;
    final StringBuilder out = new StringBuilder();
    /** Inline content of the current block, hard line breaks as '\n'. */
    final InlineText inline = new InlineText();
    /** Prefix of every line written from now on (block quotes, list indentation). */
    String prefix = "";
    /** Prefix of the next line written instead of {@link #prefix} (a list marker), or null. */
    String marker;
    /** The separation wanted before the next line: none, a line break or a blank line. */
    int pendingBreak = NONE;
    int bold;
    int italic;
    int strike;
    int code;
    /** Counts the times {@link #inline} was written out: content written inside an element spans blocks. */
    int flushes;

    Writer(Deadline deadline) {
      this.deadline = deadline;
    }

    // ---- tree ----

    void children(Node parent) {
      for (Node child : parent.childNodes()) node(child);
    }

    void node(Node node) {
      if (node instanceof TextNode text) {
        inline.text(text.getWholeText(), code > 0);
      } else if (node instanceof Element element) {
        element(element);
      }
    }

    void element(Element e) {
      if (deadline != null) deadline.check();
      switch (e.normalName()) {
        case "br" -> {
          // Apple Mail marks a pasted paragraph break with it; it shows as one
          if (e.hasClass("Apple-interchange-newline")) block(BLANK);
          else inline.lineBreak();
        }
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "figure", "address", "details", "fieldset" -> {
          String heading = heading(e.normalName());
          block(BLANK);
          if (heading != null) {
            marker = (marker != null ? marker : prefix) + heading;
            children(e);
            flushHeading();
          } else {
            children(e);
            flush();
          }
          block(BLANK);
        }
        case "ul", "ol" -> list(e);
        case "li" -> item(e, "* ");
        case "blockquote" -> quote(e);
        case "pre" -> pre(e);
        case "hr" -> {
          block(BLANK);
          writeLine("---");
          block(BLANK);
        }
        case "table" -> table(e);
        case "img" -> image(e);
        case "a" -> link(e);
        case "b", "strong" -> emphasis(e, "**", bold++ == 0, () -> bold--);
        case "i", "em", "cite", "dfn", "var" -> emphasis(e, "*", italic++ == 0, () -> italic--);
        case "s", "del", "strike" -> emphasis(e, "~~", strike++ == 0, () -> strike--);
        case "code", "kbd", "samp" -> inlineCode(e);
        case "sup" -> superscript(e);
        default -> {
          if (e.isBlock() || "dt".equals(e.normalName()) || "dd".equals(e.normalName())) {
            block(NEWLINE);
            if (BlankLines.isBlankLine(e)) {
              block(BLANK); // <div><br></div>: what the reader sees is an empty line
              return;
            }
            children(e);
            flush();
            block(NEWLINE);
          } else {
            children(e);
          }
        }
      }
    }

    private static String heading(String name) {
      return switch (name) {
        case "h1" -> "# ";
        case "h2" -> "## ";
        case "h3" -> "### ";
        case "h4" -> "#### ";
        case "h5" -> "##### ";
        case "h6" -> "###### ";
        default -> null;
      };
    }

    // ---- inline ----

    /** Renders {@code e}'s content between {@code mark}s (only at the outermost level of the same kind). */
    void emphasis(Element e, String mark, boolean outermost, Runnable done) {
      if (!outermost || code > 0) { // inside a code span, a delimiter would be shown as it is
        try {
          children(e);
        } finally {
          done.run();
        }
        return;
      }
      within(inline.openEmphasis(mark), e, done);
    }

    /** A link; an anchor link or one whose URL {@link LinkPolicy} does not allow is its text. */
    void link(Element e) {
      String href = code > 0 ? null : LinkPolicy.destination(e.attr("href"));
      if (href == null || href.startsWith("#")) {
        children(e);
        return;
      }
      within(inline.openLink(MarkdownEscapes.destination(href)), e, () -> { });
    }

    /** Renders {@code e} inside {@code span}, which is written around the content when it ends. */
    private void within(InlineText.Span span, Element e, Runnable done) {
      try {
        children(e);
      } finally {
        done.run();
      }
      inline.end(span);
    }

    void inlineCode(Element e) {
      if (code > 0) {
        children(e);
        return;
      }
      inline.barrier();
      int start = inline.length();
      int before = flushes;
      code++;
      try {
        children(e);
      } finally {
        code--;
      }
      if (flushes == before) inline.codeSpan(start);
    }

    void superscript(Element e) {
      if (code > 0) {
        children(e);
        return;
      }
      inline.barrier();
      int start = inline.length();
      int before = flushes;
      children(e);
      if (flushes == before) inline.superscript(start);
    }

    /** An image; one whose URL {@link LinkPolicy} does not allow is its alt text. */
    void image(Element e) {
      if (e.attr("src").isBlank()) return;
      String src = LinkPolicy.destination(e.attr("src"));
      if (src == null) {
        inline.text(e.attr("alt"), false);
        return;
      }
      inline.raw("![" + MarkdownEscapes.label(e.attr("alt")) + "](" + MarkdownEscapes.destination(src) + ")");
    }

    // ---- blocks ----

    /** Ends the current paragraph and asks for at least this separation before the next line. */
    void block(int separation) {
      flush();
      // the first block of a list item (or heading) goes right after its marker
      if (marker == null) pendingBreak = Math.max(pendingBreak, separation);
    }

    /** Writes the current paragraph, one line per hard break, inside the spans still open. */
    void flush() {
      String text = takeParagraph();
      if (text == null) return;
      int start = 0;
      boolean written = false;
      while (start <= text.length()) {
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        String line = text.substring(start, end).strip();
        if (!line.isEmpty()) {
          writeLine(MarkdownEscapes.escapeLineStart(line));
          written = true;
        } else if (written && end < text.length()) {
          pendingBreak = BLANK; // <br><br>: an empty line
        }
        start = end + 1;
      }
    }

    /** The paragraph's Markdown with the open spans closed around their part, or null when empty. */
    private String takeParagraph() {
      String text = inline.takeParagraph();
      if (text != null) flushes++;
      return text;
    }

    /** Writes a pending blank line now, with the current prefix, before the prefix changes. */
    void commitBreak() {
      if (pendingBreak == BLANK && out.length() > 0 && marker == null) {
        out.append('\n').append(prefix.stripTrailing());
        pendingBreak = NEWLINE;
      }
    }

    /** A heading is one line: its hard breaks become spaces. */
    void flushHeading() {
      String paragraph = takeParagraph();
      String text = paragraph == null ? "" : InlineText.oneLine(paragraph).strip();
      if (text.isEmpty()) {
        marker = null;
        return;
      }
      writeLine(text);
    }

    /** Writes one line with the current prefix (or the pending marker), after the pending separation. */
    void writeLine(String line) {
      if (out.length() > 0) {
        out.append('\n');
        if (pendingBreak == BLANK) out.append(prefix.stripTrailing()).append('\n');
      }
      pendingBreak = NONE;
      if (marker != null) {
        out.append(marker);
        marker = null;
      } else {
        out.append(prefix);
      }
      out.append(line);
    }

    void list(Element list) {
      boolean nested = !prefix.isEmpty() || marker != null;
      block(nested ? NEWLINE : BLANK);
      boolean ordered = list.normalName().equals("ol");
      int number = 1;
      if (ordered) {
        try {
          number = Integer.parseInt(list.attr("start").strip());
        } catch (NumberFormatException e) {
          number = 1;
        }
        if (number < 0 || number > 999_999_999) number = 1;
      }
      String lastBullet = null;
      for (Node child : list.childNodes()) {
        if (child instanceof Element e && e.normalName().equals("li")) {
          lastBullet = ordered ? (number++) + ". " : "* ";
          item(e, lastBullet);
        } else if (child instanceof Element e && (e.normalName().equals("ul") || e.normalName().equals("ol"))) {
          sublist(e, lastBullet);
        } else if (child instanceof Element e) {
          element(e);
        } else if (child instanceof TextNode text && !text.isBlank()) {
          inline.text(text.getWholeText(), code > 0);
        }
      }
      block(nested ? NEWLINE : BLANK);
    }

    /**
     * A list directly inside a list (invalid HTML, common in mail): browsers indent it under the item before it,
     * so it is nested there, keeping its own bullets or numbers.
     */
    private void sublist(Element list, String lastBullet) {
      if (lastBullet == null) {
        list(list);
        return;
      }
      String outer = prefix;
      prefix = outer + " ".repeat(lastBullet.length());
      try {
        list(list);
      } finally {
        prefix = outer;
      }
    }

    void item(Element li, String bullet) {
      block(NEWLINE);
      commitBreak();
      String outer = prefix;
      String outerMarker = marker;
      marker = (outerMarker != null ? outerMarker : outer) + bullet;
      prefix = outer + " ".repeat(bullet.length());
      try {
        children(li);
        flush();
        if (marker != null) { // an empty item still shows its bullet
          writeLine("");
        }
      } finally {
        prefix = outer;
        marker = null;
      }
      pendingBreak = Math.max(pendingBreak, NEWLINE);
    }

    void quote(Element e) {
      block(BLANK);
      String outer = prefix;
      if (marker != null) {
        writeLine("");
      }
      commitBreak();
      prefix = outer + "> ";
      try {
        children(e);
        flush();
      } finally {
        prefix = outer;
      }
      block(BLANK);
    }

    void pre(Element e) {
      block(BLANK);
      StringBuilder text = new StringBuilder();
      rawText(e, text);
      String content = text.toString();
      if (content.startsWith("\n")) content = content.substring(1);
      while (content.endsWith("\n") || content.endsWith(" ")) content = content.substring(0, content.length() - 1);
      if (content.isBlank()) return;
      String fence = content.contains("```") ? "~~~~" : "```";
      writeLine(fence);
      for (String line : content.split("\n", -1)) {
        StringBuilder clean = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
          char c = line.charAt(i);
          if (c != '\r' && !MarkdownEscapes.invisible(c)) clean.append(c == '\u00a0' ? ' ' : c);
        }
        writeLine(clean.toString());
      }
      writeLine(fence);
      block(BLANK);
    }

    private static void rawText(Node node, StringBuilder out) {
      for (Node child : node.childNodes()) {
        if (child instanceof TextNode text) {
          out.append(text.getWholeText());
        } else if (child instanceof Element e) {
          if (e.normalName().equals("br")) out.append('\n');
          else rawText(e, out);
        }
      }
    }

    void table(Element table) {
      block(BLANK);
      List<String> lines = MarkdownTable.lines(table, cell -> cell(cell, deadline));
      for (String line : lines) {
        if (line.isEmpty()) block(BLANK);
        else writeLine(line);
      }
      block(BLANK);
    }
  }
}
