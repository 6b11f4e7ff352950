package io.mailmind.testkit.gmail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The FETCH items {@link ScriptedGmailServer} answers, and how it writes them for one message. */
final class FetchItems {
  private static final Set<String> SIMPLE =
      Set.of("UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE", "X-GM-MSGID", "X-GM-THRID", "X-GM-LABELS", "MODSEQ");
  private static final String ATOM_SPECIALS = "(){ %*\"\\]";

  private final ScriptedGmailServer.LabelStyle labelStyle;

  FetchItems(ScriptedGmailServer.LabelStyle labelStyle) {
    this.labelStyle = labelStyle;
  }

  /** The items of {@code (A B BODY.PEEK[HEADER.FIELDS (C D)])} (or of a single item without parentheses). */
  static List<String> split(String spec) {
    String body = spec.trim();
    if (body.startsWith("(") && body.endsWith(")")) body = body.substring(1, body.length() - 1);
    List<String> items = new ArrayList<>();
    int depth = 0;
    StringBuilder item = new StringBuilder();
    for (char c : body.toCharArray()) {
      if (c == ' ' && depth == 0) {
        if (item.length() > 0) items.add(item.toString());
        item.setLength(0);
        continue;
      }
      if (c == '[' || c == '(') depth++;
      if (c == ']' || c == ')') depth--;
      item.append(c);
    }
    if (item.length() > 0) items.add(item.toString());
    return items;
  }

  /** The top-level parts of {@code (items) (modifiers)}: each parenthesized group, or a lone item, as written. */
  static List<String> groups(String rest) {
    List<String> groups = new ArrayList<>();
    int depth = 0;
    int start = -1;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == ' ' && depth == 0) {
        if (start >= 0) groups.add(rest.substring(start, i));
        start = -1;
        continue;
      }
      if (start < 0) start = i;
      if (c == '(' || c == '[') depth++;
      if (c == ')' || c == ']') depth--;
    }
    if (start >= 0) groups.add(rest.substring(start));
    return groups.isEmpty() ? List.of("") : groups;
  }

  boolean supportsAll(List<String> items) {
    for (String item : items) {
      String upper = item.toUpperCase(Locale.ROOT);
      if (SIMPLE.contains(upper)) continue;
      upper = withoutPartial(upper);
      if (!(upper.startsWith("BODY[") || upper.startsWith("BODY.PEEK[")) || !upper.endsWith("]")) return false;
      String section = section(upper);
      if (!section.isEmpty() && !section.equals("HEADER") && !section.equals("TEXT")
          && !section.startsWith("HEADER.FIELDS (")) {
        return false;
      }
    }
    return true;
  }

  /** True when an item is a body fetch without PEEK, which sets {@code \Seen}. */
  boolean setsSeen(List<String> items) {
    return items.stream().anyMatch(i -> i.toUpperCase(Locale.ROOT).startsWith("BODY["));
  }

  /** The items of one FETCH response, without the surrounding parentheses; UID first on UID FETCH. */
  byte[] write(GmailModel.Row row, List<String> items, boolean byUid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(items);
    if (byUid && all.stream().noneMatch(i -> i.equalsIgnoreCase("UID"))) all.add(0, "UID");
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) ascii(out, " ");
      String item = all.get(i);
      switch (item.toUpperCase(Locale.ROOT)) {
        case "UID" -> ascii(out, "UID " + row.uid());
        case "FLAGS" -> ascii(out, "FLAGS (" + String.join(" ", row.flags()) + ")");
        case "INTERNALDATE" -> ascii(out, "INTERNALDATE \"" + GmailSession.internalDate(row) + "\"");
        case "RFC822.SIZE" -> ascii(out, "RFC822.SIZE " + row.raw().length);
        case "X-GM-MSGID" -> ascii(out, "X-GM-MSGID " + Long.toUnsignedString(row.msgId()));
        case "X-GM-THRID" -> ascii(out, "X-GM-THRID " + Long.toUnsignedString(row.thrId()));
        case "X-GM-LABELS" -> ascii(out, "X-GM-LABELS (" + labels(row.labels()) + ")");
        case "MODSEQ" -> ascii(out, "MODSEQ (" + row.modSeq() + ")");
        default -> body(out, row, item);
      }
    }
    return out.toByteArray();
  }

  private String labels(List<String> labels) {
    List<String> written = new ArrayList<>();
    for (String label : labels) {
      if (label.startsWith("\\")) {
        written.add(labelStyle == ScriptedGmailServer.LabelStyle.ATOMS ? label : GmailSession.quote(label));
      } else {
        String encoded = GmailSession.encodeName(label);
        written.add(isAtom(encoded) ? encoded : GmailSession.quote(encoded));
      }
    }
    return String.join(" ", written);
  }

  private static boolean isAtom(String s) {
    if (s.isEmpty()) return false;
    for (char c : s.toCharArray()) {
      if (c <= ' ' || c >= 0x7F || ATOM_SPECIALS.indexOf(c) >= 0) return false;
    }
    return true;
  }

  /** The item without a partial suffix {@code <origin.count>}. */
  private static String withoutPartial(String item) {
    return item.matches(".*\\]<\\d+\\.\\d+>") ? item.substring(0, item.lastIndexOf('<')) : item;
  }

  /**
   * {@code BODY[section]} and {@code BODY.PEEK[section]} as {@code BODY[section] {n}CRLF bytes}; with a partial
   * suffix {@code <origin.count>}, at most count bytes from origin as {@code BODY[section]<origin> {n}}.
   */
  private static void body(ByteArrayOutputStream out, GmailModel.Row row, String partialItem) {
    String item = withoutPartial(partialItem);
    String section = item.substring(item.indexOf('[') + 1, item.lastIndexOf(']'));
    byte[] raw = row.raw();
    int headerEnd = headerEnd(raw);
    String upper = section.toUpperCase(Locale.ROOT);
    byte[] bytes;
    if (upper.isEmpty()) {
      bytes = raw;
    } else if (upper.equals("HEADER")) {
      bytes = java.util.Arrays.copyOfRange(raw, 0, headerEnd);
    } else if (upper.equals("TEXT")) {
      bytes = java.util.Arrays.copyOfRange(raw, headerEnd, raw.length);
    } else {
      bytes = headerFields(new String(raw, 0, headerEnd, StandardCharsets.UTF_8), fieldNames(upper));
    }
    String origin = "";
    if (!item.equals(partialItem)) {
      String[] range = partialItem.substring(partialItem.lastIndexOf('<') + 1, partialItem.length() - 1).split("\\.");
      int from = (int) Math.min(bytes.length, Long.parseLong(range[0]));
      int to = (int) Math.min(bytes.length, from + Long.parseLong(range[1]));
      bytes = java.util.Arrays.copyOfRange(bytes, from, to);
      origin = "<" + from + ">";
    }
    ascii(out, "BODY[" + section + "]" + origin + " {" + bytes.length + "}\r\n");
    out.writeBytes(bytes);
  }

  private static String section(String upperItem) {
    return upperItem.substring(upperItem.indexOf('[') + 1, upperItem.lastIndexOf(']'));
  }

  private static Set<String> fieldNames(String upperSection) {
    String list = upperSection.substring(upperSection.indexOf('(') + 1, upperSection.lastIndexOf(')'));
    return Set.of(list.trim().split("\\s+"));
  }

  /** The header's length including the blank line that ends it (the whole message when there is none). */
  private static int headerEnd(byte[] raw) {
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') return i + 4;
    }
    return raw.length;
  }

  /** The fields with these (upper-case) names, in message order, folded lines kept, then a blank line. */
  private static byte[] headerFields(String header, Set<String> names) {
    StringBuilder out = new StringBuilder();
    boolean keep = false;
    for (String line : header.split("\r\n")) {
      if (line.isEmpty()) continue;
      if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
        int colon = line.indexOf(':');
        keep = colon > 0 && names.contains(line.substring(0, colon).trim().toUpperCase(Locale.ROOT));
      }
      if (keep) out.append(line).append("\r\n");
    }
    out.append("\r\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
