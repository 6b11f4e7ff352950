package io.mailmind.testkit;

import io.mailmind.core.internal.util.Closeables;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * What a user does to a mailbox, done with Jakarta Mail (Angus IMAP client) over plain IMAP: each call opens its
 * own connection and closes it, so calls survive server restarts and may run from any thread. Folder names are
 * decoded names with {@code /} as separator (converted to the server's separator); Jakarta Mail encodes them.
 * Thread-safe.
 */
final class MailboxOperations {
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final char separator;

  MailboxOperations(String host, int port, String user, String password, char separator) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.separator = separator;
  }

  static Properties sessionProperties(String host, int port) {
    Properties props = new Properties();
    props.setProperty("mail.store.protocol", "imap");
    props.setProperty("mail.imap.host", host);
    props.setProperty("mail.imap.port", Integer.toString(port));
    props.setProperty("mail.imap.connectiontimeout", "10000");
    props.setProperty("mail.imap.timeout", "30000");
    props.setProperty("mail.imap.writetimeout", "30000");
    return props;
  }

  Store connect() {
    try {
      Store store = Session.getInstance(sessionProperties(host, port)).getStore("imap");
      store.connect(host, port, user, password);
      return store;
    } catch (MessagingException e) {
      throw failure("connect to " + host + ":" + port + " as " + user, e);
    }
  }

  long append(String folder, byte[] rfc822, Instant internalDate, String... flags) {
    Literal literal = new Literal() {
      @Override
      public int size() {
        return rfc822.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(rfc822);
      }
    };
    Date date = internalDate == null ? null : Date.from(internalDate);
    return withFolder(folder, -1, "append to " + folder, imap -> {
      AppendUID uid = (AppendUID) imap.doCommand(
          protocol -> protocol.appenduid(serverName(folder), toFlags(flags), date, literal));
      return uid == null ? -1L : uid.uid;
    });
  }

  void createFolder(String name) {
    withFolder(name, -1, "create " + name, imap -> {
      if (!imap.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)) {
        throw new MessagingException("the server refused to create it");
      }
      return null;
    });
  }

  void deleteFolder(String name) {
    withFolder(name, -1, "delete " + name, imap -> {
      if (!imap.exists()) throw new MessagingException("no such folder");
      // deepest first; a \Noselect parent may vanish with its last child (Maildir++), so check before each
      List<Folder> subfolders = new ArrayList<>(List.of(imap.list("*")));
      subfolders.sort(Comparator.comparingInt((Folder f) -> f.getFullName().length()).reversed());
      subfolders.add(imap);
      for (Folder folder : subfolders) {
        if (folder.exists() && !folder.delete(false)) {
          throw new MessagingException("the server refused to delete " + folder.getFullName());
        }
      }
      return null;
    });
  }

  void renameFolder(String from, String to) {
    withStore("rename " + from + " to " + to, store -> {
      Folder target = store.getFolder(serverName(to));
      if (!store.getFolder(serverName(from)).renameTo(target)) {
        throw new MessagingException("the server refused to rename it");
      }
      return null;
    });
  }

  void setFlags(String folder, long uid, boolean set, String... flags) {
    withFolder(folder, Folder.READ_WRITE, "set flags in " + folder, imap -> {
      message(imap, uid).setFlags(toFlags(flags), set);
      return null;
    });
  }

  void expunge(String folder, long... uids) {
    withFolder(folder, Folder.READ_WRITE, "expunge from " + folder, imap -> {
      Message[] messages = new Message[uids.length];
      for (int i = 0; i < uids.length; i++) {
        messages[i] = message(imap, uids[i]);
      }
      imap.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
      imap.expunge(messages);
      return null;
    });
  }

  long move(String from, long uid, String to) {
    return withStore("move " + uid + " from " + from + " to " + to, store -> {
      IMAPFolder source = (IMAPFolder) store.getFolder(serverName(from));
      source.open(Folder.READ_WRITE);
      try {
        AppendUID[] moved = source.moveUIDMessages(new Message[] {message(source, uid)},
            store.getFolder(serverName(to)));
        return moved != null && moved.length == 1 && moved[0] != null ? moved[0].uid : -1L;
      } finally {
        source.close(false);
      }
    });
  }

  long uidValidity(String folder) {
    return withFolder(folder, -1, "read UIDVALIDITY of " + folder, IMAPFolder::getUIDValidity);
  }

  List<Long> uids(String folder) {
    return withFolder(folder, Folder.READ_ONLY, "list UIDs of " + folder, imap -> {
      List<Long> uids = new ArrayList<>();
      for (Message message : imap.getMessagesByUID(1, IMAPFolder.LASTUID)) {
        uids.add(imap.getUID(message));
      }
      return uids;
    });
  }

  List<String> folders() {
    return withStore("list folders", store -> {
      List<String> names = new ArrayList<>();
      for (Folder folder : store.getDefaultFolder().list("*")) {
        names.add(separator == '/' ? folder.getFullName() : folder.getFullName().replace(separator, '/'));
      }
      return names;
    });
  }

  private String serverName(String name) {
    return separator == '/' ? name : name.replace('/', separator);
  }

  private static Message message(IMAPFolder folder, long uid) throws MessagingException {
    Message message = folder.getMessageByUID(uid);
    if (message == null) throw new MessagingException("no message with UID " + uid + " in " + folder.getFullName());
    return message;
  }

  static Flags toFlags(String... flags) {
    Flags result = new Flags();
    for (String flag : flags) {
      switch (flag.toLowerCase(java.util.Locale.ROOT)) {
        case "\\seen" -> result.add(Flags.Flag.SEEN);
        case "\\answered" -> result.add(Flags.Flag.ANSWERED);
        case "\\flagged" -> result.add(Flags.Flag.FLAGGED);
        case "\\deleted" -> result.add(Flags.Flag.DELETED);
        case "\\draft" -> result.add(Flags.Flag.DRAFT);
        default -> {
          if (flag.startsWith("\\")) throw new IllegalArgumentException("flag was '" + flag
              + "' but only \\Seen \\Answered \\Flagged \\Deleted \\Draft and keywords can be set");
          result.add(flag);
        }
      }
    }
    return result;
  }

  private interface StoreAction<T> {
    T apply(Store store) throws MessagingException;
  }

  private interface FolderAction<T> {
    T apply(IMAPFolder folder) throws MessagingException;
  }

  private <T> T withStore(String what, StoreAction<T> action) {
    Store store = connect();
    try {
      return action.apply(store);
    } catch (MessagingException e) {
      throw failure(what, e);
    } finally {
      Closeables.closeQuietly(store); // the action's outcome stands
    }
  }

  /** Runs the action on the folder, opened in {@code mode} unless it is -1. */
  private <T> T withFolder(String name, int mode, String what, FolderAction<T> action) {
    return withStore(what, store -> {
      IMAPFolder folder = (IMAPFolder) store.getFolder(serverName(name));
      if (mode != -1) folder.open(mode);
      try {
        return action.apply(folder);
      } finally {
        if (folder.isOpen()) folder.close(false);
      }
    });
  }

  private static IllegalStateException failure(String what, MessagingException e) {
    return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
  }
}
