package io.mailmind.core.internal.gmail;

import io.mailmind.core.internal.folder.FolderNames;
import io.mailmind.core.internal.imap.ListedFolder;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Gmail folders Mailmind syncs. On Gmail every label is also an IMAP folder, so syncing them all would
 * store a message once per label. Mailmind syncs only the folder with SPECIAL-USE {@code \All} (All Mail: every
 * message once, whatever its labels) plus {@code \Junk} (Spam) and {@code \Trash} (Trash), which Gmail keeps out
 * of All Mail. They are found by attribute, so their localized names ({@code [Google Mail]/Alle Nachrichten},
 * ...) do not matter; the older XLIST spellings {@code \AllMail} and {@code \Spam} count too.
 *
 * <p>Label folders (INBOX, {@code [Gmail]/Sent Mail}, user labels) are never synced, even when the include
 * filter names them; the include and exclude filters still apply to the three folders above. When the server
 * lists no {@code \All} folder (the user hid All Mail from IMAP in Gmail's settings), there is no single place
 * that holds every message: Mailmind then syncs the folders as on any other server and logs a warning.
 *
 * <p>Stateless and thread-safe.
 */
public final class GmailFolders {
  private static final Logger LOG = LoggerFactory.getLogger(GmailFolders.class);
  /** The folders Gmail keeps out of All Mail, by attribute (lower case). */
  private static final Set<String> OUTSIDE_ALL_MAIL = Set.of("\\junk", "\\spam", "\\trash");

  private GmailFolders() {}

  /**
   * Tells, by a folder's LIST attributes, whether to sync it on this Gmail account: see the class comment.
   *
   * @param accountId for the log line
   * @param listed    everything LIST returned
   */
  public static Predicate<Collection<String>> scope(String accountId, Collection<ListedFolder> listed) {
    boolean hasAllMail = listed.stream().anyMatch(f -> f.selectable() && FolderNames.isAllMail(f.attributes()));
    if (!hasAllMail) {
      LOG.warn("{} - Gmail lists no \\All folder (All Mail hidden from IMAP?); syncing every folder, so a "
          + "message with several labels is stored once per label folder", accountId);
      return attributes -> true;
    }
    return attributes -> FolderNames.isAllMail(attributes) || hasAny(attributes, OUTSIDE_ALL_MAIL);
  }

  private static boolean hasAny(Collection<String> attributes, Set<String> wanted) {
    for (String attribute : attributes) {
      if (attribute != null && wanted.contains(attribute.toLowerCase(Locale.ROOT))) return true;
    }
    return false;
  }
}
