package io.mailmind.core.internal.mime;

import io.mailmind.core.model.EmailAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses address-list header values (RFC 5322 with the obsolete forms) leniently, never failing: groups are
 * flattened (an empty group yields nothing), comments are dropped (or used as the name of a bare address),
 * quoted strings are unquoted, encoded words in the display name are decoded (also inside quotes), a route
 * in angle brackets is dropped, and a bare list of addresses separated by spaces is split. Thread-safe.
 */
final class AddressParser {
  private static final int MAX_ADDRESSES = 10_000;

  private AddressParser() {}

  /** Parses a header value that is already Unicode (see {@link RawText}). */
  static List<EmailAddress> parse(String value) {
    List<EmailAddress> out = new ArrayList<>();
    if (value == null || value.isBlank()) return out;
    Mailbox box = new Mailbox();
    int n = value.length();
    int i = 0;
    while (i < n && out.size() < MAX_ADDRESSES) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> {
          StringBuilder quoted = new StringBuilder();
          i++;
          while (i < n && value.charAt(i) != '"') {
            char q = value.charAt(i);
            if (q == '\\' && i + 1 < n) q = value.charAt(++i);
            quoted.append(q);
            i++;
          }
          box.phrase(quoted);
        }
        case '(' -> {
          int depth = 1;
          StringBuilder comment = new StringBuilder();
          i++;
          while (i < n && depth > 0) {
            char q = value.charAt(i);
            if (q == '\\' && i + 1 < n) {
              comment.append(value.charAt(++i));
            } else if (q == '(') {
              depth++;
              comment.append(q);
            } else if (q == ')') {
              if (--depth > 0) comment.append(q);
            } else {
              comment.append(q);
            }
            i++;
          }
          i--;
          box.comment(comment);
        }
        case '<' -> {
          int close = value.indexOf('>', i + 1);
          int end = close < 0 ? n : close;
          box.angle(Comments.strip(value.substring(i + 1, end)));
          i = end;
        }
        case ',' -> box.flush(out);
        case ';' -> box.flush(out);
        case ':' -> {
          if (box.hasAngle()) {
            box.text(c);
          } else {
            box.groupStart();
          }
        }
        default -> box.text(c);
      }
      i++;
    }
    box.flush(out);
    return out;
  }

  /** The parts of one mailbox seen so far. */
  private static final class Mailbox {
    private final StringBuilder phrase = new StringBuilder();
    private String angle;
    private String comment;

    void phrase(CharSequence quoted) {
      if (angle != null) return;
      phrase.append(quoted);
    }

    void text(char c) {
      if (angle != null) return;
      phrase.append(c);
    }

    void comment(CharSequence text) {
      if (comment == null && text.length() > 0) comment = text.toString();
    }

    void angle(String address) {
      if (angle == null) angle = address;
    }

    boolean hasAngle() {
      return angle != null;
    }

    void groupStart() {
      phrase.setLength(0);
      comment = null;
    }

    void flush(List<EmailAddress> out) {
      if (angle != null) {
        String address = angle;
        int colon = address.lastIndexOf(':');
        if (colon >= 0 && address.startsWith("@")) address = address.substring(colon + 1);
        address = stripSpace(address);
        while (address.endsWith(";")) address = address.substring(0, address.length() - 1);
        String name = name(phrase.toString());
        if (name == null && comment != null) name = name(comment);
        if (!address.isEmpty() || name != null) out.add(new EmailAddress(name, address));
      } else {
        String bare = phrase.toString().strip();
        if (!bare.isEmpty()) {
          String[] words = Spaces.RUNS.split(bare);
          boolean allAddresses = words.length > 1;
          for (String word : words) {
            if (word.indexOf('@') <= 0) {
              allAddresses = false;
              break;
            }
          }
          String name = comment == null ? null : name(comment);
          if (allAddresses) {
            for (String word : words) out.add(new EmailAddress(words.length == 1 ? name : null, word));
          } else {
            out.add(new EmailAddress(name, bare.indexOf('@') > 0 ? stripSpace(bare) : collapse(bare)));
          }
        } else if (comment != null) {
          String name = name(comment);
          if (name != null) out.add(new EmailAddress(name, ""));
        }
      }
      phrase.setLength(0);
      angle = null;
      comment = null;
    }

    private static String name(String phrase) {
      String decoded = EncodedWords.decode(phrase);
      String name = collapse(decoded);
      return name.isEmpty() ? null : RawText.noNul(name);
    }

    private static String collapse(String text) {
      return Spaces.collapse(text.strip());
    }

    private static String stripSpace(String text) {
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!Character.isWhitespace(c)) out.append(c);
      }
      return out.toString();
    }
  }
}
