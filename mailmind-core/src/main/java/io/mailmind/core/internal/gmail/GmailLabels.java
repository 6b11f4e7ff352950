package io.mailmind.core.internal.gmail;

import io.mailmind.core.internal.folder.FolderNames;
import io.mailmind.core.internal.folder.ModifiedUtf7;
import io.mailmind.core.internal.imap.GmailFetchItems;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Gmail labels as Mailmind stores them, and the logical folder they give. Stateless and thread-safe.
 *
 * <p>Labels arrive in the stored form ({@link GmailFetchItems#storedLabels}: user labels decoded from modified
 * UTF-7, in the order rule of flags). The folder is computed from that form by re-encoding the user labels, so
 * {@link FolderNames#gmailLogicalName} sees what the server sent.
 */
public final class GmailLabels {
  private GmailLabels() {}

  /**
   * The logical folder of a message with these stored labels, fetched from a folder with this logical name
   * ({@code All Mail}, {@code Spam} or {@code Trash}): see {@link FolderNames#gmailLogicalName}.
   */
  public static String folder(Collection<String> storedLabels, String fetchedFromLogicalName) {
    Objects.requireNonNull(storedLabels, "storedLabels");
    List<String> encoded = new ArrayList<>(storedLabels.size());
    for (String label : storedLabels) {
      encoded.add(label.startsWith("\\") ? label : ModifiedUtf7.encode(label));
    }
    return FolderNames.gmailLogicalName(encoded, fetchedFromLogicalName);
  }

  /**
   * The thread id Mailmind stores for a Gmail thread: X-GM-THRID in lower-case hex, the form the Gmail API and
   * web interface use for the same thread.
   */
  public static String threadId(long thrId) {
    return Long.toHexString(thrId);
  }
}
