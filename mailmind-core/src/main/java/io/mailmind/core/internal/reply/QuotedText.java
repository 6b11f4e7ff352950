package io.mailmind.core.internal.reply;

import java.util.ArrayList;
import java.util.List;

/**
 * The new text of a plain-text reply: the body without the quoted history.
 *
 * <p>What is history:
 * <ul>
 *   <li>Quote blocks: lines starting with {@code >}, with the attribution line above them ("On … wrote:" in
 *       English, German, French, Spanish, Italian, Dutch or Portuguese, also when wrapped over two lines; or any
 *       line ending as one, such as "Bob wrote:", when a quote follows). As in GitHub's email_reply_parser, a quote
 *       block is removed only when none of the sender's lines follow it: quotes the sender answers below (inline
 *       replies) stay as the context of the answers.</li>
 *   <li>A quoted or forwarded message's header block ("From: … Sent: … To: … Subject: …" and its translations)
 *       after "-----Original Message-----", a line of underscores (Outlook) or a forwarding note: everything from
 *       there to the end. The forwarding note ("---------- Forwarded message ---------", "Begin forwarded
 *       message:") stays.</li>
 * </ul>
 * Any other line is the sender's and stays. When nothing is history the text is returned unchanged.
 *
 * <p>Why our own and not a port of email_reply_parser: the Java port on Maven Central
 * ({@code com.driftt.email:EmailReplyParser} 0.1) had one release, years ago, drags in Guava, and knows only the
 * English attribution; none of the ports handles the other six languages or Outlook's header blocks. Stateless.
 */
public final class QuotedText {
  private enum Kind { TEXT, BLANK, QUOTE, ATTRIBUTION }

  private QuotedText() {}

  /** {@code text} without its quoted history; {@code null} for {@code null}. */
  public static String newText(String text) {
    if (text == null) return null;
    List<int[]> spans = lines(text);
    int count = spans.size();
    List<String> lines = new ArrayList<>(count);
    for (int[] span : spans) lines.add(ReplyPatterns.normalize(text.substring(span[0], span[1])));

    int cut = cut(lines);
    Kind[] kinds = new Kind[cut];
    for (int i = 0; i < cut; i++) {
      String line = lines.get(i);
      kinds[i] = line.isEmpty() ? Kind.BLANK : isQuoted(line) ? Kind.QUOTE : Kind.TEXT;
    }
    markAttributions(lines, kinds, cut);
    int last = -1;
    for (int i = 0; i < cut; i++) {
      if (kinds[i] == Kind.TEXT) last = i;
    }
    if (cut == count && (last == count - 1 || onlyBlankAfter(kinds, last))) return text;
    if (last < 0) return "";
    return text.substring(0, spans.get(last)[1]);
  }

  private static boolean onlyBlankAfter(Kind[] kinds, int last) {
    for (int i = last + 1; i < kinds.length; i++) {
      if (kinds[i] != Kind.BLANK) return false;
    }
    return true;
  }

  /** The index of the first line of an earlier message's header block (or its separator); the count if none. */
  private static int cut(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || isQuoted(line)) continue;
      if (ReplyPatterns.isOriginalMessage(line)) return i;
      int next = nextNonBlank(lines, i + 1);
      if (ReplyPatterns.isUnderscoreRule(line) && ReplyPatterns.startsHeaderBlock(lines, next)) return i;
      if (ReplyPatterns.isForwardNote(line) && ReplyPatterns.startsHeaderBlock(lines, next)) return next;
    }
    return lines.size();
  }

  /**
   * Marks attribution lines: one ("On … wrote:", or a line ending as one) or two (an attribution wrapped) right
   * above a quote, after blank lines; or a full "On … wrote:" with nothing but blank lines after it.
   */
  private static void markAttributions(List<String> lines, Kind[] kinds, int end) {
    for (int i = 0; i < end; i++) {
      if (kinds[i] != Kind.TEXT) continue;
      String line = lines.get(i);
      int next = nextNonBlank(lines, i + 1);
      boolean quoteNext = next < end && kinds[next] == Kind.QUOTE;
      boolean endNext = next >= end;
      if (quoteNext && ReplyPatterns.endsLikeAttribution(line) || endNext && ReplyPatterns.isAttribution(line)) {
        kinds[i] = Kind.ATTRIBUTION;
        continue;
      }
      if (i + 1 < end && kinds[i + 1] == Kind.TEXT && ReplyPatterns.startsLikeAttribution(line)) {
        String joined = line + " " + lines.get(i + 1);
        int after = nextNonBlank(lines, i + 2);
        boolean quoteAfter = after < end && kinds[after] == Kind.QUOTE;
        if ((quoteAfter || after >= end) && ReplyPatterns.isAttribution(joined)) {
          kinds[i] = Kind.ATTRIBUTION;
          kinds[i + 1] = Kind.ATTRIBUTION;
          i++;
        }
      }
    }
  }

  private static boolean isQuoted(String line) {
    return line.charAt(0) == '>';
  }

  private static int nextNonBlank(List<String> lines, int from) {
    int i = from;
    while (i < lines.size() && lines.get(i).isEmpty()) i++;
    return i;
  }

  /** Start and end (without the line break) of every line; CRLF, LF and a lone CR end a line. */
  private static List<int[]> lines(String text) {
    List<int[]> spans = new ArrayList<>();
    int start = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        spans.add(new int[] {start, i});
        if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') i++;
        start = i + 1;
      }
    }
    spans.add(new int[] {start, length});
    return spans;
  }
}
