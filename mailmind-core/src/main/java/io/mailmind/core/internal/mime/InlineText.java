package io.mailmind.core.internal.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inline Markdown of the paragraph {@link MarkdownRenderer} is assembling: text with white space collapsed as a
 * browser does and markup escaped, hard line breaks as {@code '\n'}, and the delimiters of emphasis, links, code
 * spans and superscripts written around their content when it is complete.
 *
 * <p>Emphasis is written so that a CommonMark reader shows it as emphasis ({@link Flanking}): a blank line ends
 * emphasis, so emphasis is written around each paragraph of its content; a closer after punctuation followed by a
 * letter ({@code **Total:**42}) gets a space after it, an opener before punctuation a space before it (unless
 * white space is there); two adjacent spans of the same emphasis ({@code <b>a</b><b>b</b>}, split runs from word processors) are
 * merged, since {@code **a****b**} is no emphasis at all. Not thread-safe; one per paragraph writer.
 */
final class InlineText {
  /** An open emphasis ({@code mark}) or link ({@code destination}), and where its content starts. */
  static final class Span {
    final String mark;
    final String destination;
    int start;
    /** Where a closer of the same mark ends right before this span's start, or -1: the two merge. */
    int mergeAt = -1;

    private Span(String mark, String destination, int start) {
      this.mark = mark;
      this.destination = destination;
      this.start = start;
    }

    /** The next paragraph starts inside this span, with nothing to merge with. */
    void restart() {
      start = 0;
      mergeAt = -1;
    }
  }

  private static final Pattern LINE_BREAK = Pattern.compile("\\s*\n\\s*");

  private final StringBuilder buf = new StringBuilder();
  /** The spans open now, outermost first; each is written around its part of every paragraph. */
  private final List<Span> open = new ArrayList<>();
  private boolean pendingSpace;
  /** Whether the current run of underscores is written without escapes. */
  private final boolean[] underscoresRaw = new boolean[1];
  /** The end of a closer that follows punctuation: a letter written right there would cancel it. */
  private int closeCheckAt = -1;
  private int lastCloserEnd = -1;
  private String lastCloserMark;

  int length() {
    return buf.length();
  }

  void clear() {
    buf.setLength(0);
    pendingSpace = false;
    closeCheckAt = -1;
    lastCloserEnd = -1;
  }

  @Override
  public String toString() {
    return buf.toString();
  }

  /** Opens an emphasis span here; it may merge with a closer of the same mark just written. */
  Span openEmphasis(String mark) {
    Span span = new Span(mark, null, buf.length());
    // a merge never crosses the delimiters of the enclosing span
    int floor = open.isEmpty() ? 0 : open.get(open.size() - 1).start;
    if (!pendingSpace && lastCloserEnd == buf.length() && mark.equals(lastCloserMark)
        && lastCloserEnd - mark.length() >= floor) {
      span.mergeAt = buf.length();
    }
    open.add(span);
    return span;
  }

  Span openLink(String destination) {
    Span span = new Span(null, destination, buf.length());
    open.add(span);
    return span;
  }

  /** Ends {@code span} (the innermost open one), writing its delimiters around its content. */
  void end(Span span) {
    open.remove(span);
    close(span);
  }

  /** The paragraph's Markdown with the open spans closed around their part, or null when empty; then clears. */
  String takeParagraph() {
    if (buf.length() == 0) {
      clear();
      return null;
    }
    for (int i = open.size() - 1; i >= 0; i--) close(open.get(i));
    for (Span span : open) span.restart(); // the next paragraph starts inside them
    String text = buf.toString();
    clear();
    return text;
  }

  /**
   * Marks where a code span or superscript starts: emphasis inside it never merges with a closer before it (the
   * caller keeps its start as a position, which a merge would move).
   */
  void barrier() {
    lastCloserEnd = -1;
  }

  /** Inserts {@code c} at {@code at}, moving the positions after it. */
  private void insert(int at, char c) {
    buf.insert(at, c);
    for (Span span : open) {
      if (span.start > at) span.start++;
      if (span.mergeAt > at) span.mergeAt++;
    }
    if (lastCloserEnd > at) lastCloserEnd++;
    if (closeCheckAt > at) closeCheckAt++;
  }

  /** Appends text, white space collapsed, escaped unless {@code code}. */
  void text(String text, boolean code) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\u00a0') {
        if (buf.length() > 0 && buf.charAt(buf.length() - 1) != '\n') pendingSpace = true;
        continue;
      }
      if (MarkdownEscapes.invisible(c)) continue;
      if (pendingSpace) {
        buf.append(' ');
        pendingSpace = false;
      } else if (closeCheckAt == buf.length() && Flanking.wordLike(Character.codePointAt(text, i))) {
        buf.append(' ');
      }
      if (code) {
        buf.append(c);
      } else {
        MarkdownEscapes.escape(buf, text, i, c, underscoresRaw);
      }
    }
  }

  /** Appends Markdown as it is (an image), after a pending space. */
  void raw(String markdown) {
    if (pendingSpace) {
      buf.append(' ');
      pendingSpace = false;
    }
    buf.append(markdown);
  }

  void lineBreak() {
    pendingSpace = false;
    buf.append('\n');
  }

  /** Writes {@code span}'s delimiters around its content (from its start to the end), if it has any. */
  private void close(Span span) {
    int start = Math.min(span.start, buf.length());
    String content = buf.substring(start);
    if (content.isBlank()) return;
    buf.setLength(start);
    if (span.destination != null) {
      int lead = 0;
      while (lead < content.length() && Character.isWhitespace(content.charAt(lead))) lead++;
      if (lead == 0 && start > 0 && buf.charAt(start - 1) == '!' && (start < 2 || buf.charAt(start - 2) != '\\')) {
        insert(start - 1, '\\'); // "Wow!" before a link: ![ would make it an image
        start++;
      }
      buf.append(content, 0, lead).append('[').append(oneLine(content.substring(lead).strip()))
          .append("](").append(span.destination).append(')');
      lastCloserEnd = -1;
    } else {
      emphasize(content, span);
    }
  }

  /** {@code text} with its line breaks, and the white space around them, made one space. */
  static String oneLine(String text) {
    return text.indexOf('\n') < 0 ? text : LINE_BREAK.matcher(text).replaceAll(" ");
  }

  /** Appends {@code content} with {@code span}'s mark around each of its paragraphs (a blank line ends emphasis). */
  private void emphasize(String content, Span span) {
    String mark = span.mark;
    int n = content.length();
    int pos = 0;
    while (pos < n) {
      int first = pos;
      while (first < n && Character.isWhitespace(content.charAt(first))) first++;
      buf.append(content, pos, first);
      if (first == n) break;
      int end = paragraphEnd(content, first);
      while (end > first && Character.isWhitespace(content.charAt(end - 1))) end--;
      open(span, Character.codePointAt(content, first));
      buf.append(content, first, end).append(mark);
      lastCloserEnd = buf.length();
      lastCloserMark = mark;
      closeCheckAt = Flanking.punctuation(Character.codePointBefore(content, end)) ? buf.length() : -1;
      pos = end;
    }
  }

  /** Writes an opener for content starting with {@code first}, or merges with a closer just written. */
  private void open(Span span, int first) {
    String mark = span.mark;
    if (span.mergeAt >= 0 && span.mergeAt == span.start && span.mergeAt == buf.length()) {
      buf.setLength(buf.length() - mark.length());
      return;
    }
    int previous = Flanking.before(buf, buf.length());
    // before punctuation, an opener needs white space or punctuation before it; after punctuation it could also
    // close (and parsers differ on such runs), so white space it is
    if (previous >= 0 && previous != '\n' && Flanking.punctuation(first) && !Flanking.whitespace(previous)) {
      buf.append(' ');
    }
    buf.append(mark);
  }

  /** The index of the line break that starts a blank line after {@code from}, or the end. */
  private static int paragraphEnd(String content, int from) {
    for (int i = from; i < content.length(); i++) {
      if (content.charAt(i) != '\n') continue;
      int j = i + 1;
      while (j < content.length() && content.charAt(j) != '\n' && Character.isWhitespace(content.charAt(j))) j++;
      if (j < content.length() && content.charAt(j) == '\n') return i;
    }
    return content.length();
  }

  /** The content from {@code start} as a code span, on one line. */
  void codeSpan(int start) {
    String content = buf.substring(start).replace('\n', ' ');
    buf.setLength(start);
    if (content.isBlank()) return;
    if (Character.isWhitespace(content.charAt(0))) buf.append(' ');
    content = content.strip();
    String ticks = content.contains("`") ? "``" : "`";
    String pad = content.startsWith("`") || content.endsWith("`") ? " " : "";
    buf.append(ticks).append(pad).append(content).append(pad).append(ticks);
  }

  /**
   * The content from {@code start} as a superscript: {@code ^6} ({@code 10^6}), {@code ^(n+1)} when it is more
   * than one word. Symbols ({@code ®}, {@code †}) and ordinals after a digit ({@code 1st}, {@code 2e}) stay as
   * written: they read the same on the line.
   */
  void superscript(int start) {
    String content = buf.substring(start);
    if (content.isBlank()) return;
    int lead = 0;
    while (lead < content.length() && Character.isWhitespace(content.charAt(lead))) lead++;
    String core = content.strip();
    boolean letters = core.codePoints().anyMatch(Character::isLetter);
    boolean digits = core.codePoints().anyMatch(Character::isDigit);
    boolean other = core.codePoints().anyMatch(cp -> !Character.isLetterOrDigit(cp));
    if (!letters && !digits) return;
    int previous = Flanking.before(buf, start + lead);
    if (letters && !digits && !other && previous >= 0 && Character.isDigit(previous)) return;
    buf.setLength(start + lead);
    buf.append('^').append(other ? "(" + core + ")" : core);
  }
}
