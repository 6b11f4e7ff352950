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
 * fenced code, rules, data tables as pipe tables; every other element is rendered by its content. White space is
 * collapsed as a browser does; invisible characters (zero-width spaces and joiners, soft hyphens, BOM) are dropped;
 * text that Markdown would read as markup is escaped. Link and image URLs pass {@link LinkPolicy}: a link whose URL
 * is not allowed is its text, such an image its alt text. The result still goes through {@link HtmlToMarkdown}'s
 * tidying (trailing spaces, blank-line runs). Stateless; each call uses its own state.
 */
final class MarkdownRenderer {
  private static final int NONE = 0;
  private static final int NEWLINE = 1;
  private static final int BLANK = 2;

  private MarkdownRenderer() {}

  static String render(Element root) {
    Writer writer = new Writer();
    writer.children(root);
    writer.flush();
    return writer.out.toString();
  }

  /** The per-call state: the output, the paragraph being assembled, line prefixes and inline nesting. */
  private static final class Writer {
    final StringBuilder out = new StringBuilder();
    /** Inline content of the current block, hard line breaks as '\n'. */
    final StringBuilder inline = new StringBuilder();
    boolean pendingSpace;
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
    /** Whether the current run of underscores is written without escapes. */
    boolean underscoresRaw;
    /** Counts the times {@link #inline} was written out: a wrapper whose content spans blocks is not wrapped. */
    int flushes;

    // ---- tree ----

    void children(Node parent) {
      for (Node child : parent.childNodes()) node(child);
    }

    void node(Node node) {
      if (node instanceof TextNode text) {
        text(text.getWholeText());
      } else if (node instanceof Element element) {
        element(element);
      }
    }

    void element(Element e) {
      switch (e.normalName()) {
        case "br" -> lineBreak();
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
        case "b", "strong" -> wrap(e, "**", bold++ == 0, () -> bold--);
        case "i", "em", "cite", "dfn", "var" -> wrap(e, "*", italic++ == 0, () -> italic--);
        case "s", "del", "strike" -> wrap(e, "~~", strike++ == 0, () -> strike--);
        case "code", "kbd", "samp", "tt" -> inlineCode(e);
        default -> {
          if (e.isBlock() || "dt".equals(e.normalName()) || "dd".equals(e.normalName())) {
            block(NEWLINE);
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

    void text(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u00a0') {
          if (inline.length() > 0 && !endsWithBreak()) pendingSpace = true;
          continue;
        }
        if (invisible(c)) continue;
        if (pendingSpace) {
          inline.append(' ');
          pendingSpace = false;
        }
        if (code > 0) {
          inline.append(c);
        } else {
          escape(text, i, c);
        }
      }
    }

    private boolean endsWithBreak() {
      return inline.charAt(inline.length() - 1) == '\n';
    }

    /**
     * Characters that only steer layout and are dropped: zero-width space, word joiner, BOM, soft hyphen, combining
     * grapheme joiner. Not the zero-width joiner and non-joiner (U+200D, U+200C): they are text (they join an emoji
     * family into one picture, and a Persian word like می‌خواهم is spelled with one).
     */
    private static boolean invisible(char c) {
      return c == '\u200b' || c == '\u2060' || c == '\ufeff' || c == '\u00ad' || c == '\u034f';
    }

    /** Appends {@code c} (at {@code i} of {@code text}), escaped where Markdown would read it as markup. */
    private void escape(String text, int i, char c) {
      switch (c) {
        case '\\', '*', '`', '[', ']' -> inline.append('\\').append(c);
        case '_' -> {
          if (i == 0 || text.charAt(i - 1) != '_') underscoresRaw = rawUnderscores(text, i);
          if (!underscoresRaw) inline.append('\\');
          inline.append(c);
        }
        case '<' -> {
          if (i + 1 < text.length() && (Character.isLetter(text.charAt(i + 1)) || "/!?".indexOf(text.charAt(i + 1)) >= 0)) {
            inline.append('\\');
          }
          inline.append(c);
        }
        case '&' -> {
          if (entityFollows(text, i)) inline.append('\\');
          inline.append(c);
        }
        default -> inline.append(c);
      }
    }

    /**
     * Whether the run of underscores at {@code i} can stay unescaped: inside a word (snake_case) or standing alone
     * between spaces (a line to write on), neither can open or close emphasis.
     */
    private static boolean rawUnderscores(String text, int i) {
      int end = i;
      while (end < text.length() && text.charAt(end) == '_') end++;
      boolean before = i == 0 || Character.isWhitespace(text.charAt(i - 1));
      boolean after = end == text.length() || Character.isWhitespace(text.charAt(end));
      boolean inWord = i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)) && end < text.length()
          && Character.isLetterOrDigit(text.charAt(end)) && end - i == 1;
      return inWord || (before && after && end - i >= 3);
    }

    /** True when {@code &} at {@code i} starts something a Markdown reader would decode ({@code &amp;}, {@code &#38;}). */
    private static boolean entityFollows(String text, int i) {
      int j = i + 1;
      while (j < text.length() && j - i <= 32 && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '#')) {
        j++;
      }
      return j > i + 1 && j < text.length() && text.charAt(j) == ';';
    }

    void lineBreak() {
      pendingSpace = false;
      inline.append('\n');
    }

    /** Renders {@code e}'s content between {@code mark}s (only at the outermost level), white space outside. */
    void wrap(Element e, String mark, boolean outermost, Runnable done) {
      int start = inline.length();
      int before = flushes;
      try {
        children(e);
      } finally {
        done.run();
      }
      if (!outermost || flushes != before) return;
      String content = inline.substring(start);
      if (content.isBlank()) return;
      int lead = 0;
      while (lead < content.length() && Character.isWhitespace(content.charAt(lead))) lead++;
      int trail = content.length();
      while (trail > lead && Character.isWhitespace(content.charAt(trail - 1))) trail--;
      inline.setLength(start);
      inline.append(content, 0, lead).append(mark).append(content, lead, trail).append(mark)
          .append(content, trail, content.length());
    }

    void inlineCode(Element e) {
      if (code > 0) {
        children(e);
        return;
      }
      int start = inline.length();
      int before = flushes;
      code++;
      try {
        children(e);
      } finally {
        code--;
      }
      if (flushes != before) return;
      String content = inline.substring(start).replace('\n', ' ');
      inline.setLength(start);
      if (content.isBlank()) return;
      if (Character.isWhitespace(content.charAt(0))) inline.append(' ');
      content = content.strip();
      String ticks = content.contains("`") ? "``" : "`";
      String pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
      inline.append(ticks).append(pad).append(content).append(pad).append(ticks);
    }

    /** An image; one whose URL {@link LinkPolicy} does not allow is its alt text. */
    void image(Element e) {
      if (e.attr("src").isBlank()) return;
      String src = LinkPolicy.destination(e.attr("src"));
      if (src == null) {
        text(e.attr("alt"));
        return;
      }
      if (pendingSpace) {
        inline.append(' ');
        pendingSpace = false;
      }
      inline.append("![").append(label(e.attr("alt"))).append("](").append(destination(src)).append(')');
    }

    /** A link; an anchor link or one whose URL {@link LinkPolicy} does not allow is its text. */
    void link(Element e) {
      int start = inline.length();
      int before = flushes;
      children(e);
      if (flushes != before) return; // a block link: its blocks stay as they are
      String href = LinkPolicy.destination(e.attr("href"));
      String content = inline.substring(start);
      if (content.isBlank() || href == null || href.startsWith("#")) {
        return; // the text (if any) stays as it is
      }
      int lead = 0;
      while (lead < content.length() && Character.isWhitespace(content.charAt(lead))) lead++;
      inline.setLength(start);
      inline.append(content, 0, lead).append('[').append(content.substring(lead).strip().replace('\n', ' '))
          .append("](").append(destination(href)).append(')');
    }

    private static String label(String text) {
      StringBuilder out = new StringBuilder(text.length());
      boolean space = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c) || c == '\u00a0') {
          space = out.length() > 0;
          continue;
        }
        if (invisible(c)) continue;
        if (space) out.append(' ');
        space = false;
        if (c == '[' || c == ']' || c == '\\') out.append('\\');
        out.append(c);
      }
      return out.toString();
    }

    /** A link destination: in angle brackets when it has spaces, parentheses or backslashes. */
    private static String destination(String url) {
      boolean plain = true;
      for (int i = 0; i < url.length() && plain; i++) {
        char c = url.charAt(i);
        plain = c > ' ' && c != '(' && c != ')' && c != '<' && c != '>' && c != '\\';
      }
      if (plain) return url;
      StringBuilder out = new StringBuilder(url.length() + 8).append('<');
      for (int i = 0; i < url.length(); i++) {
        char c = url.charAt(i);
        if (c == '<') out.append("%3C");
        else if (c == '>') out.append("%3E");
        else if (c == '\\') out.append("\\\\");
        else if (c == '\n' || c == '\r') out.append("");
        else out.append(c);
      }
      return out.append('>').toString();
    }

    // ---- blocks ----

    /** Ends the current paragraph and asks for at least this separation before the next line. */
    void block(int separation) {
      flush();
      // the first block of a list item (or heading) goes right after its marker
      if (marker == null) pendingBreak = Math.max(pendingBreak, separation);
    }

    /** Writes the current paragraph, one line per hard break. */
    void flush() {
      pendingSpace = false;
      if (inline.length() == 0) return;
      String text = inline.toString();
      inline.setLength(0);
      flushes++;
      int start = 0;
      boolean written = false;
      while (start <= text.length()) {
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        String line = text.substring(start, end).strip();
        if (!line.isEmpty()) {
          writeLine(escapeLineStart(line));
          written = true;
        } else if (written && end < text.length()) {
          pendingBreak = BLANK; // <br><br>: an empty line
        }
        start = end + 1;
      }
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
      String text = inline.toString().replace('\n', ' ').strip();
      inline.setLength(0);
      flushes++;
      pendingSpace = false;
      if (text.isEmpty()) {
        marker = null;
        return;
      }
      writeLine(text);
    }

    /** Text at the start of a line that Markdown would take for a heading, list, quote, rule or fence marker. */
    private static String escapeLineStart(String line) {
      char first = line.charAt(0);
      if (first == '>') return "\\" + line;
      if (first == '#') {
        int hashes = 0;
        while (hashes < line.length() && line.charAt(hashes) == '#') hashes++;
        return hashes <= 6 && (hashes == line.length() || line.charAt(hashes) == ' ') ? "\\" + line : line;
      }
      if (first == '-' || first == '+' || first == '=') {
        if (line.length() > 1 && line.charAt(1) == ' ' && first != '=') return "\\" + line;
        boolean rule = true; // only '-' or '=' (and spaces): a rule or a heading underline
        for (int i = 0; i < line.length() && rule; i++) rule = line.charAt(i) == first || line.charAt(i) == ' ';
        return rule ? "\\" + line : line;
      }
      if (line.startsWith("~~~")) return "\\" + line;
      if (first == '_' && line.chars().allMatch(ch -> ch == '_' || ch == ' ')) return "\\" + line;
      if (Character.isDigit(first)) {
        int i = 0;
        while (i < line.length() && i < 9 && Character.isDigit(line.charAt(i))) i++;
        if (i < line.length() && (line.charAt(i) == '.' || line.charAt(i) == ')')
            && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
          return line.substring(0, i) + "\\" + line.substring(i);
        }
      }
      return line;
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
      for (Node child : list.childNodes()) {
        if (child instanceof Element e && e.normalName().equals("li")) {
          item(e, ordered ? (number++) + ". " : "* ");
        } else if (child instanceof Element e && (e.normalName().equals("ul") || e.normalName().equals("ol"))) {
          list(e);
        } else if (child instanceof Element e) {
          element(e);
        } else if (child instanceof TextNode text && !text.isBlank()) {
          text(text.getWholeText());
        }
      }
      block(nested ? NEWLINE : BLANK);
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
          if (c != '\r' && !invisible(c)) clean.append(c == '\u00a0' ? ' ' : c);
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
      List<List<String>> rows = new ArrayList<>();
      collectRows(table, rows);
      int columns = 0;
      for (List<String> row : rows) columns = Math.max(columns, row.size());
      if (columns == 0) return;
      int[] widths = new int[columns];
      for (List<String> row : rows) {
        for (int c = 0; c < row.size(); c++) widths[c] = Math.max(widths[c], row.get(c).length());
      }
      for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], 3);
      for (int r = 0; r < rows.size(); r++) {
        writeLine(tableRow(rows.get(r), widths));
        if (r == 0) {
          StringBuilder rule = new StringBuilder("|");
          for (int width : widths) rule.append("-".repeat(width + 2)).append('|');
          writeLine(rule.toString());
        }
      }
      block(BLANK);
    }

    private static String tableRow(List<String> cells, int[] widths) {
      StringBuilder line = new StringBuilder("|");
      for (int c = 0; c < widths.length; c++) {
        String cell = c < cells.size() ? cells.get(c) : "";
        line.append(' ').append(cell).append(" ".repeat(widths[c] - cell.length())).append(" |");
      }
      return line.toString();
    }

    private void collectRows(Element parent, List<List<String>> rows) {
      for (Element child : parent.children()) {
        switch (child.normalName()) {
          case "tr" -> {
            List<String> cells = new ArrayList<>();
            for (Element cell : child.children()) {
              if (cell.normalName().equals("td") || cell.normalName().equals("th")) cells.add(cell(cell));
            }
            if (!cells.isEmpty()) rows.add(cells);
          }
          case "thead", "tbody", "tfoot" -> collectRows(child, rows);
          default -> { }
        }
      }
    }

    /** A table cell's inline Markdown on one line, pipes escaped. */
    private static String cell(Element cell) {
      Writer writer = new Writer();
      writer.children(cell);
      writer.flush();
      return writer.out.toString().replaceAll("\\s*\n\\s*", " ").strip().replace("|", "\\|");
    }
  }
}
