package io.mailmind.core.internal.folder;

import java.util.Collection;
import java.util.Comparator;

/** STAND-IN until the folder resolver lands. */
public final class FolderNames {
  private FolderNames() {}

  public static String logicalName(String imapFolder, Collection<String> attributes) {
    if (imapFolder.equalsIgnoreCase("INBOX")) return "Inbox";
    for (String a : attributes) {
      switch (a.toLowerCase(java.util.Locale.ROOT)) {
        case "\\sent": return "Sent";
        case "\\drafts": return "Drafts";
        case "\\trash": return "Trash";
        case "\\junk": return "Spam";
        case "\\archive": return "Archive";
        default: break;
      }
    }
    return imapFolder;
  }

  public static Comparator<String> syncOrder() {
    return Comparator.naturalOrder();
  }
}
