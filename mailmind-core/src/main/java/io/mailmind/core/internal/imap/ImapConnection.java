package io.mailmind.core.internal.imap;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.folder.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * One logged-in IMAP connection with at most one folder open (read-only). Not thread-safe: one task uses it at
 * a time (see {@link ConnectionPool}).
 */
public final class ImapConnection implements AutoCloseable {
  /** The header fields the metadata phase fetches: what the store keeps in columns and threading needs. */
  public static final String HEADER_FIELDS =
      "DATE FROM TO CC BCC REPLY-TO SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES";

  private final ImapAccount account;
  private final IMAPStore store;
  private IMAPFolder open;

  private ImapConnection(ImapAccount account, IMAPStore store) {
    this.account = account;
    this.store = store;
  }

  public static ImapConnection connect(ImapAccount account, Credentials credentials, SyncOptions options) {
    Session session = ImapSessions.session(account, options);
    IMAPStore store = null;
    try {
      store = (IMAPStore) session.getStore(ImapSessions.protocol(account));
      store.connect(account.host(), account.port(), account.username(), credentials.secret());
      return new ImapConnection(account, store);
    } catch (MessagingException | RuntimeException e) {
      closeQuietly(store);
      throw ImapErrors.translate(account.id() + " - connecting to " + account.host() + ":" + account.port(), e);
    }
  }

  public ImapAccount account() {
    return account;
  }

  public boolean isConnected() {
    IMAPFolder folder = open;
    if (folder != null && folder.isOpen()) {
      // Asking the store would open a second connection (the folder holds the store's one); ask the folder:
      // Angus sends NOOP on its connection when it was unused for over a second.
      try {
        folder.getMessageCount();
        return folder.isOpen();
      } catch (MessagingException | RuntimeException e) {
        return false;
      }
    }
    return store.isConnected();
  }

  public boolean hasCapability(String capability) {
    try {
      return store.hasCapability(capability);
    } catch (MessagingException e) {
      return false;
    }
  }

  /** LIST "" "*". */
  public List<ListedFolder> list() {
    try {
      Folder[] folders = store.getDefaultFolder().list("*");
      List<ListedFolder> out = new ArrayList<>(folders.length);
      for (Folder folder : folders) {
        IMAPFolder imapFolder = (IMAPFolder) folder;
        out.add(new ListedFolder(imapFolder.getFullName(), imapFolder.getSeparator(),
            Arrays.asList(imapFolder.getAttributes())));
      }
      return out;
    } catch (MessagingException e) {
      throw ImapErrors.translate(account.id() + " - LIST", e);
    }
  }

  /** EXAMINEs a folder (or keeps it open when it already is) and returns its state. */
  public SelectedFolder select(String fullName) {
    try {
      if (open != null && open.isOpen() && open.getFullName().equals(fullName)) {
        // Re-examine to see new UIDNEXT/EXISTS: NOOP is enough for EXISTS, but UIDNEXT needs a fresh EXAMINE.
        open.close(false);
      } else if (open != null && open.isOpen()) {
        open.close(false);
      }
      // Asked before EXAMINE: once the folder holds the store's connection, a store-level question opens another.
      boolean condstore = store.hasCapability("CONDSTORE");
      IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
      folder.open(Folder.READ_ONLY);
      open = folder;
      long highestModSeq = 0;
      if (condstore) {
        try {
          highestModSeq = folder.getHighestModSeq();
        } catch (MessagingException e) {
          highestModSeq = 0;
        }
      }
      return new SelectedFolder(fullName, folder.getUIDValidity(), folder.getUIDNext(), highestModSeq,
          folder.getMessageCount());
    } catch (MessagingException e) {
      open = null;
      throw ImapErrors.translate(account.id() + " - EXAMINE " + fullName, e);
    }
  }

  /** {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} on the open folder. */
  public List<ServerMessage> listMessages() {
    List<ServerMessage> out = new ArrayList<>();
    for (FetchResponse fetch : uidFetch("1:*", "(UID FLAGS RFC822.SIZE)")) {
      UID uid = fetch.getItem(UID.class);
      if (uid == null) continue;
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new ServerMessage(uid.uid, flags(fetch.getItem(FLAGS.class)), size == null ? 0 : size.size));
    }
    return out;
  }

  /** The metadata items of these UIDs on the open folder; UIDs that are gone are simply absent. */
  public List<FetchedHeaders> fetchHeaders(long[] uids) {
    List<FetchedHeaders> out = new ArrayList<>(uids.length);
    String items = "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" + HEADER_FIELDS + ")])";
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), items)) {
      UID uid = fetch.getItem(UID.class);
      if (uid == null) continue;
      BODY body = fetch.getItem(BODY.class);
      INTERNALDATE date = fetch.getItem(INTERNALDATE.class);
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new FetchedHeaders(uid.uid, flags(fetch.getItem(FLAGS.class)),
          date == null || date.getDate() == null ? null : Instant.ofEpochMilli(date.getDate().getTime()),
          size == null ? 0 : size.size,
          body == null || body.getByteArray() == null ? new byte[0] : body.getByteArray().getNewBytes()));
    }
    return out;
  }

  /** {@code UID FETCH set (UID BODY.PEEK[])} on the open folder; UIDs that are gone are simply absent. */
  public List<FetchedBody> fetchBodies(long[] uids) {
    List<FetchedBody> out = new ArrayList<>(uids.length);
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), "(UID BODY.PEEK[])")) {
      UID uid = fetch.getItem(UID.class);
      BODY body = fetch.getItem(BODY.class);
      if (uid == null || body == null || body.getByteArray() == null) continue;
      out.add(new FetchedBody(uid.uid, body.getByteArray().getNewBytes()));
    }
    return out;
  }

  private List<FetchResponse> uidFetch(String set, String items) {
    IMAPFolder folder = open;
    if (folder == null || !folder.isOpen()) {
      throw new IllegalStateException("no folder is open on this connection");
    }
    try {
      Response[] responses = (Response[]) folder.doCommand(protocol -> command(protocol, set, items));
      List<FetchResponse> out = new ArrayList<>(responses.length);
      for (Response response : responses) {
        if (response instanceof FetchResponse fetch) out.add(fetch);
      }
      return out;
    } catch (MessagingException e) {
      throw ImapErrors.translate(account.id() + " - " + folder.getFullName() + " UID FETCH " + abbreviate(set), e);
    }
  }

  private static Response[] command(IMAPProtocol protocol, String set, String items) throws ProtocolException {
    Response[] responses = protocol.command("UID FETCH " + set + " " + items, null);
    Response last = responses[responses.length - 1];
    List<Response> other = new ArrayList<>();
    for (int i = 0; i < responses.length - 1; i++) {
      if (!(responses[i] instanceof FetchResponse)) other.add(responses[i]);
    }
    protocol.notifyResponseHandlers(other.toArray(new Response[0]));
    protocol.handleResult(last);
    return responses;
  }

  private static String abbreviate(String set) {
    return set.length() <= 40 ? set : set.substring(0, 37) + "...";
  }

  static List<String> flags(FLAGS flags) {
    if (flags == null) return List.of();
    List<String> out = new ArrayList<>();
    for (jakarta.mail.Flags.Flag flag : flags.getSystemFlags()) {
      if (flag == jakarta.mail.Flags.Flag.ANSWERED) out.add("\\Answered");
      else if (flag == jakarta.mail.Flags.Flag.DELETED) out.add("\\Deleted");
      else if (flag == jakarta.mail.Flags.Flag.DRAFT) out.add("\\Draft");
      else if (flag == jakarta.mail.Flags.Flag.FLAGGED) out.add("\\Flagged");
      else if (flag == jakarta.mail.Flags.Flag.SEEN) out.add("\\Seen");
    }
    out.addAll(Arrays.asList(flags.getUserFlags()));
    return Flags.normalize(out);
  }

  /** Closes the open folder, if any, without expunging. */
  public void closeFolder() {
    IMAPFolder folder = open;
    open = null;
    if (folder != null && folder.isOpen()) {
      try {
        folder.close(false);
      } catch (MessagingException | RuntimeException e) {
        // the connection may be gone; nothing to keep
      }
    }
  }

  @Override
  public void close() {
    closeFolder();
    closeQuietly(store);
  }

  private static void closeQuietly(IMAPStore store) {
    if (store == null) return;
    try {
      store.close();
    } catch (MessagingException | RuntimeException e) {
      // closing a broken connection
    }
  }

  /** Thrown when the folder vanished between LIST and EXAMINE. */
  public static boolean isFolderGone(MailConnectionException e) {
    return e.getCause() instanceof jakarta.mail.FolderNotFoundException;
  }

  @Override
  public String toString() {
    return "ImapConnection[" + account.id() + (open != null ? ", " + open.getFullName() : "") + "]";
  }
}
