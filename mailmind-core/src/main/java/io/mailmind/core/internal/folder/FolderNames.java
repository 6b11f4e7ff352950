package io.mailmind.core.internal.folder;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * From server mailbox names to the names Mailmind stores (CLI-CONTRACT.md, fields {@code imap_folder} and
 * {@code folder}). Stateless and thread-safe.
 */
public final class FolderNames {
  public static final String INBOX = "Inbox";
  public static final String SENT = "Sent";
  public static final String DRAFTS = "Drafts";
  public static final String TRASH = "Trash";
  public static final String SPAM = "Spam";
  public static final String ARCHIVE = "Archive";
  public static final String ALL_MAIL = "All Mail";
  public static final String STARRED = "Starred";
  public static final String IMPORTANT = "Important";

  /**
   * SPECIAL-USE attributes (RFC 6154, plus {@code \Important} from RFC 8457) by lower case, in the order that
   * decides when a folder has several; then the XLIST attributes some older servers still send.
   */
  private static final Map<String, String> SPECIAL_USE = new LinkedHashMap<>();

  static {
    SPECIAL_USE.put("\\sent", SENT);
    SPECIAL_USE.put("\\drafts", DRAFTS);
    SPECIAL_USE.put("\\trash", TRASH);
    SPECIAL_USE.put("\\junk", SPAM);
    SPECIAL_USE.put("\\archive", ARCHIVE);
    SPECIAL_USE.put("\\all", ALL_MAIL);
    SPECIAL_USE.put("\\flagged", STARRED);
    SPECIAL_USE.put("\\important", IMPORTANT);
    // XLIST (Gmail's pre-RFC 6154 extension)
    SPECIAL_USE.put("\\spam", SPAM);
    SPECIAL_USE.put("\\allmail", ALL_MAIL);
    SPECIAL_USE.put("\\starred", STARRED);
  }

  /** Logical names that sort after the other folders, in this order (see {@link #syncOrder()}). */
  private static final List<String> LAST = List.of(ALL_MAIL, ARCHIVE, TRASH, SPAM);
  private static final List<String> FIRST = List.of(INBOX, SENT, DRAFTS);
  private static final Set<String> GMAIL_LIVES_ONLY_THERE = Set.of(SPAM, TRASH);

  private FolderNames() {}

  /**
   * The name Mailmind stores for a folder, from the full name that Angus Mail has already decoded from modified
   * UTF-7 ({@code IMAPFolder.getFullName()}, {@code ListedFolder.fullName()}): the server's delimiter becomes
   * {@code /}, and a name that is INBOX in any case becomes {@code INBOX} (RFC 3501 makes it case-insensitive; its
   * children keep the server's spelling). The engine and the IDLE supervisor name a folder through this one method,
   * so both give the store the same name. A {@code /} inside a level (possible when the delimiter is not {@code /})
   * is kept, so the name then reads like one more level; callers that address the server keep its own name.
   *
   * @param decodedFullName the decoded full name, not null
   * @param delimiter       the hierarchy delimiter, or {@code 0} when the server sent NIL
   */
  public static String imapFolderOfDecoded(String decodedFullName, char delimiter) {
    Objects.requireNonNull(decodedFullName, "decodedFullName");
    String name = decodedFullName;
    if (delimiter != 0 && delimiter != '/') name = name.replace(delimiter, '/');
    return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
  }

  /**
   * Whether a folder is the one that holds every message (Gmail's All Mail): one of its LIST attributes is
   * SPECIAL-USE {@code \All} or XLIST {@code \AllMail}, in any case.
   *
   * @param attributes the LIST attributes, not null (null elements are ignored)
   */
  public static boolean isAllMail(Collection<String> attributes) {
    for (String attribute : attributes) {
      if (attribute != null && ALL_MAIL.equals(SPECIAL_USE.get(attribute.toLowerCase(Locale.ROOT)))) return true;
    }
    return false;
  }

  /**
   * The logical folder name: {@code Inbox} for INBOX (any case); else by SPECIAL-USE attribute (compared
   * case-insensitively): {@code \Sent} Sent, {@code \Drafts} Drafts, {@code \Trash} Trash, {@code \Junk} Spam,
   * {@code \Archive} Archive, {@code \All} All Mail, {@code \Flagged} Starred, {@code \Important} Important; the
   * XLIST attributes {@code \Spam}, {@code \AllMail} and {@code \Starred} count too. When a folder has several, the
   * first in that list wins. Otherwise the name itself.
   *
   * @param imapFolder a name from {@link #imapFolderOfDecoded}, not null
   * @param attributes the LIST attributes, not null
   */
  public static String logicalName(String imapFolder, Collection<String> attributes) {
    Objects.requireNonNull(imapFolder, "imapFolder");
    Objects.requireNonNull(attributes, "attributes");
    if (imapFolder.equalsIgnoreCase("INBOX")) return INBOX;
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    for (String attribute : attributes) {
      if (attribute == null) continue;
      String lower = attribute.toLowerCase(Locale.ROOT);
      int rank = 0;
      for (Map.Entry<String, String> entry : SPECIAL_USE.entrySet()) {
        if (entry.getKey().equals(lower) && rank < bestRank) {
          best = entry.getValue();
          bestRank = rank;
        }
        rank++;
      }
    }
    return best != null ? best : imapFolder;
  }

  /**
   * Gmail: the one logical folder of a message, from its X-GM-LABELS and the folder it was fetched from.
   *
   * <ol>
   *   <li>Fetched from Spam or Trash (logical names): that folder. Gmail keeps those messages out of All Mail,
   *       whatever labels they still carry.</li>
   *   <li>{@code \Inbox}: Inbox; {@code \Sent}: Sent; {@code \Draft}: Drafts, in this order.</li>
   *   <li>User labels (any label not starting with {@code \}), decoded from modified UTF-7: the first in byte
   *       order.</li>
   *   <li>{@code \Starred}: Starred; {@code \Important}: Important.</li>
   *   <li>Otherwise All Mail.</li>
   * </ol>
   * System labels are compared case-insensitively; other system labels ({@code \Muted}, ...) are ignored.
   *
   * @param labels                 the labels as the server sent them (modified UTF-7), not null
   * @param fetchedFromLogicalName the logical name of the folder the message was fetched from, or null
   */
  public static String gmailLogicalName(Collection<String> labels, String fetchedFromLogicalName) {
    Objects.requireNonNull(labels, "labels");
    if (fetchedFromLogicalName != null && GMAIL_LIVES_ONLY_THERE.contains(fetchedFromLogicalName)) {
      return fetchedFromLogicalName;
    }
    boolean inbox = false;
    boolean sent = false;
    boolean draft = false;
    boolean starred = false;
    boolean important = false;
    String firstUserLabel = null;
    for (String label : labels) {
      if (label == null || label.isEmpty()) continue;
      if (label.charAt(0) == '\\') {
        switch (label.toLowerCase(Locale.ROOT)) {
          case "\\inbox" -> inbox = true;
          case "\\sent" -> sent = true;
          case "\\draft", "\\drafts" -> draft = true;
          case "\\starred" -> starred = true;
          case "\\important" -> important = true;
          default -> { }
        }
      } else {
        String name = ModifiedUtf7.decode(label);
        if (firstUserLabel == null || Utf8ByteOrder.compare(name, firstUserLabel) < 0) {
          firstUserLabel = name;
        }
      }
    }
    if (inbox) return INBOX;
    if (sent) return SENT;
    if (draft) return DRAFTS;
    if (firstUserLabel != null) return firstUserLabel;
    if (starred) return STARRED;
    if (important) return IMPORTANT;
    return ALL_MAIL;
  }

  /**
   * The order in which folders are synced, over logical names: Inbox, Sent, Drafts, then the others in byte order,
   * then All Mail, Archive, Trash, Spam. Consistent with equals.
   */
  public static Comparator<String> syncOrder() {
    return Comparator.comparingInt(FolderNames::syncRank).thenComparing(Utf8ByteOrder.COMPARATOR);
  }

  private static int syncRank(String logicalName) {
    int first = FIRST.indexOf(logicalName);
    if (first >= 0) return first;
    int last = LAST.indexOf(logicalName);
    return last >= 0 ? FIRST.size() + 1 + last : FIRST.size();
  }
}
