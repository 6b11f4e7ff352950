package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.internal.folder.FolderNames;
import io.mailmind.core.internal.imap.ListedFolder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The folders of one account as its server last listed them: the name the engine and the store use (decoded,
 * {@code /} as the separator, see {@link #imapFolder}) mapped to the name Angus Mail addresses the server with,
 * and the logical name ({@code Inbox}, {@code Sent}, ...) of each selectable folder. The one place that turns a
 * server name into the engine's. Thread-safe.
 */
final class FolderDirectory {
  private final String accountId;
  private final Supplier<List<ListedFolder>> lister;
  private final Map<String, String> serverNames = new ConcurrentHashMap<>();
  private final Map<String, String> logicalNames = new ConcurrentHashMap<>();

  /** @param lister lists the account's folders on the server (LIST), for a name not known yet */
  FolderDirectory(String accountId, Supplier<List<ListedFolder>> lister) {
    this.accountId = accountId;
    this.lister = lister;
  }

  /** The name the engine and the store use for a listed folder: decoded, {@code /} as the separator. */
  static String imapFolder(ListedFolder folder) {
    return FolderNames.imapFolderOfDecoded(folder.fullName(), folder.delimiter());
  }

  /** Takes in a fresh listing of the server's folders. */
  void update(List<ListedFolder> listed) {
    for (ListedFolder folder : listed) {
      String imapFolder = imapFolder(folder);
      serverNames.put(imapFolder, folder.fullName());
      if (folder.selectable()) logicalNames.put(imapFolder, FolderNames.logicalName(imapFolder, folder.attributes()));
    }
  }

  /**
   * The name Angus Mail uses for the folder the engine calls {@code imapFolder}; lists the folders again when it
   * is not known (a task that runs before this node's first sync of the account).
   *
   * @throws MailConnectionException when the server has no such folder
   */
  String serverName(String imapFolder) {
    String name = serverNames.get(imapFolder);
    if (name != null) return name;
    update(lister.get());
    name = serverNames.get(imapFolder);
    if (name == null) {
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          accountId + " - folder " + imapFolder + " is not on the server", null);
    }
    return name;
  }

  /** The logical name of a folder, or its engine name when it was never listed as selectable. */
  String logicalName(String imapFolder) {
    return logicalNames.getOrDefault(imapFolder, imapFolder);
  }
}
