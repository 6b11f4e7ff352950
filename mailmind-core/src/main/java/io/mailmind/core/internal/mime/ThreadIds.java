package io.mailmind.core.internal.mime;

import io.mailmind.core.model.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic thread ids from headers, so a conversation gets one id without looking at other messages: the
 * root message id of the conversation, that is the first id of References, else the first id of In-Reply-To,
 * else the message's own Message-ID (so a root, which has no References, gets the id its replies point to).
 * Ids are normalised to {@code <...>} without white space; ids longer than 200 characters become
 * {@code "h:" + sha-1 hex}. Without any id: {@code "s:" + sha-1 hex} of the subject with reply and forward
 * prefixes ({@code Re:}, {@code Fwd:}, {@code AW:}, {@code WG:}, {@code Sv:}, ... and {@code [list]} tags)
 * stripped, case and white space folded; without a subject either, {@code "m:" + sha-1 hex} of sender, date
 * and recipients (such a message is its own thread).
 *
 * <p>Gmail does not need this: the engine uses X-GM-THRID there. Thread-safe.
 */
public final class ThreadIds {
  private static final int MAX_ID = 200;
  private static final Pattern PREFIX = Pattern.compile(
      "^(?:re|fwd?|aw|wg|sv|vs|antw|antwort|rif|r|tr|odp|pd|res|enc|doorst|ynt|vb|vl|ref|rv|atb|fs|sv|ha|"
          + "ynt|yan[ıi]t|返信|回复|回覆|答复|转发|轉寄|转|fw)\\s*(?:\\[\\d+]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]\\s*");
  private static final Pattern LIST_TAG = Pattern.compile("^\\[[^\\]]{0,100}]\\s*");

  private ThreadIds() {}

  /** The thread id of a message with headers {@code headers}; never null. */
  public static String threadId(MessageHeaders headers) {
    String root = null;
    List<String> references = headers.references();
    for (int i = 0; i < references.size() && root == null; i++) root = normalizeId(references.get(i));
    if (root == null) root = normalizeId(headers.inReplyTo());
    if (root == null) root = normalizeId(headers.messageId());
    if (root != null) return root.length() <= MAX_ID ? root : "h:" + sha1(root);
    String subject = normalizeSubject(headers.subject());
    if (!subject.isEmpty()) return "s:" + sha1(subject);
    return "m:" + sha1(headers.from() + "|" + headers.date() + "|" + headers.to() + "|" + headers.cc());
  }

  /** The first {@code <id>} in a value, or the value's first word in brackets; white space removed. */
  static String normalizeId(String value) {
    if (value == null) return null;
    int open = value.indexOf('<');
    int close = open < 0 ? -1 : value.indexOf('>', open + 1);
    String id;
    if (open >= 0 && close > open + 1) {
      id = value.substring(open + 1, close);
    } else {
      String trimmed = value.strip();
      if (trimmed.isEmpty()) return null;
      id = Spaces.WORD_SEPARATORS.split(trimmed)[0].replace("<", "").replace(">", "");
    }
    id = Spaces.removeAll(id);
    return id.isEmpty() ? null : "<" + id + ">";
  }

  /** The subject without reply/forward prefixes and list tags, case- and space-folded. */
  static String normalizeSubject(String subject) {
    if (subject == null) return "";
    String s = Normalizer.normalize(subject, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    boolean changed = true;
    while (changed && !s.isEmpty()) {
      changed = false;
      Matcher prefix = PREFIX.matcher(s);
      if (prefix.find()) {
        s = s.substring(prefix.end());
        changed = true;
      }
      Matcher tag = LIST_TAG.matcher(s);
      if (tag.find() && tag.end() < s.length()) {
        s = s.substring(tag.end());
        changed = true;
      }
    }
    if (s.endsWith("(fwd)")) s = s.substring(0, s.length() - 5);
    return Spaces.collapse(s).strip();
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
