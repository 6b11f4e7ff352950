package io.mailmind.core.internal.imap;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.folder.Flags;
import io.mailmind.core.internal.gmail.GmailFetchItems;
import io.mailmind.core.internal.gmail.GmailImapStore;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ByteArray;
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
  private final boolean gmail;
  private IMAPFolder open;

  private ImapConnection(ImapAccount account, IMAPStore store) {
    this.account = account;
    this.store = store;
    this.gmail = hasCapability("X-GM-EXT-1");
  }

  public static ImapConnection connect(ImapAccount account, Credentials credentials, SyncOptions options) {
    Session session = ImapSessions.session(account, options);
    IMAPStore store = null;
    try {
      store = GmailImapStore.create(session, ImapSessions.protocol(account));
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

  /**
   * True when the server speaks Gmail's IMAP extensions (capability X-GM-EXT-1): then the listing, metadata and
   * content fetches also ask for X-GM-LABELS, X-GM-MSGID and X-GM-THRID (see {@code internal.gmail}).
   */
  public boolean isGmail() {
    return gmail;
  }

  /**
   * LIST "" "*". Closes the open folder first, so the command runs on this connection rather than a second one
   * (a pooled connection can still have the previous sync's folder open).
   */
  public List<ListedFolder> list() {
    closeFolder();
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

  /** True when the server announces CONDSTORE (or QRESYNC, which implies it). */
  public boolean condstore() {
    return hasCapability("CONDSTORE") || hasCapability("QRESYNC");
  }

  /**
   * STATUS (UIDVALIDITY UIDNEXT MESSAGES [HIGHESTMODSEQ]) of a folder without selecting it. Closes the open
   * folder first, so the command runs on this connection rather than a second one.
   */
  public FolderStatus status(String fullName) {
    closeFolder();
    boolean condstore = condstore();
    String[] items = condstore ? new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES", "HIGHESTMODSEQ"}
        : new String[] {"UIDVALIDITY", "UIDNEXT", "MESSAGES"};
    try {
      IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
      org.eclipse.angus.mail.imap.protocol.Status status = (org.eclipse.angus.mail.imap.protocol.Status)
          folder.doCommand(protocol -> protocol.status(fullName, items));
      return new FolderStatus(status.uidvalidity, status.uidnext, condstore ? Math.max(0, status.highestmodseq) : 0,
          status.total);
    } catch (MessagingException e) {
      throw ImapErrors.translate(account.id() + " - STATUS " + fullName, e);
    }
  }

  /**
   * EXAMINEs a folder (with CONDSTORE when the server has it) and returns its state. A folder already open is
   * examined again, to see the current UIDNEXT.
   */
  public SelectedFolder select(String fullName) {
    try {
      closeFolder();
      IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
      boolean condstore = condstore();
      if (condstore) folder.open(Folder.READ_ONLY, org.eclipse.angus.mail.imap.ResyncData.CONDSTORE);
      else folder.open(Folder.READ_ONLY);
      open = folder;
      long highestModSeq = condstore ? Math.max(0, folder.getHighestModSeq()) : 0;
      return new SelectedFolder(fullName, folder.getUIDValidity(), folder.getUIDNext(), highestModSeq,
          folder.getMessageCount());
    } catch (MessagingException e) {
      open = null;
      throw ImapErrors.translate(account.id() + " - EXAMINE " + fullName, e);
    }
  }

  /** {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} on the open folder, plus X-GM-LABELS on Gmail. */
  public List<ServerMessage> listMessages() {
    List<ServerMessage> out = new ArrayList<>();
    String items = gmail ? "(UID FLAGS RFC822.SIZE X-GM-LABELS)" : "(UID FLAGS RFC822.SIZE)";
    for (FetchResponse fetch : uidFetch("1:*", items)) {
      UID uid = fetch.getItem(UID.class);
      if (uid == null) continue;
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new ServerMessage(uid.uid, flags(fetch.getItem(FLAGS.class)), size == null ? 0 : size.size,
          gmail ? GmailFetchItems.labels(fetch) : null));
    }
    return out;
  }

  /** Gmail: {@code UID FETCH 1:* (UID X-GM-MSGID)} on the open folder, as UID by X-GM-MSGID. */
  public Map<Long, Long> gmailUidsByMessageId() {
    Map<Long, Long> out = new HashMap<>();
    for (FetchResponse fetch : uidFetch("1:*", "(UID X-GM-MSGID)")) {
      UID uid = fetch.getItem(UID.class);
      Long msgId = GmailFetchItems.msgId(fetch);
      if (uid != null && msgId != null) out.put(msgId, uid.uid);
    }
    return out;
  }

  /**
   * {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE) (CHANGEDSINCE modseq)}, plus X-GM-LABELS on Gmail (a label change
   * raises the MODSEQ there): what changed or arrived since.
   */
  public List<ServerMessage> listChangedSince(long modSeq) {
    List<ServerMessage> out = new ArrayList<>();
    String items = gmail ? "(UID FLAGS RFC822.SIZE X-GM-LABELS)" : "(UID FLAGS RFC822.SIZE)";
    for (FetchResponse fetch : uidFetch("1:*", items + " (CHANGEDSINCE " + modSeq + ")")) {
      UID uid = fetch.getItem(UID.class);
      if (uid == null) continue;
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new ServerMessage(uid.uid, flags(fetch.getItem(FLAGS.class)), size == null ? 0 : size.size,
          gmail ? GmailFetchItems.labels(fetch) : null));
    }
    return out;
  }

  /** Every UID of the open folder ({@code UID FETCH 1:* (UID)}). */
  public List<Long> listUids() {
    List<Long> out = new ArrayList<>();
    for (FetchResponse fetch : uidFetch("1:*", "(UID)")) {
      UID uid = fetch.getItem(UID.class);
      if (uid != null) out.add(uid.uid);
    }
    return out;
  }

  /** The metadata items of these UIDs on the open folder; UIDs that are gone are simply absent. */
  public List<FetchedHeaders> fetchHeaders(long[] uids) {
    List<FetchedHeaders> out = new ArrayList<>(uids.length);
    String items = "(UID FLAGS INTERNALDATE RFC822.SIZE " + (gmail ? "X-GM-MSGID X-GM-THRID X-GM-LABELS " : "")
        + "BODY.PEEK[HEADER.FIELDS (" + HEADER_FIELDS + ")])";
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), items)) {
      UID uid = fetch.getItem(UID.class);
      if (uid == null) continue;
      BODY body = fetch.getItem(BODY.class);
      INTERNALDATE date = fetch.getItem(INTERNALDATE.class);
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new FetchedHeaders(uid.uid, flags(fetch.getItem(FLAGS.class)),
          date == null || date.getDate() == null ? null : Instant.ofEpochMilli(date.getDate().getTime()),
          size == null ? 0 : size.size,
          body == null || body.getByteArray() == null ? new byte[0] : body.getByteArray().getNewBytes(),
          GmailFetchItems.attributes(fetch)));
    }
    return out;
  }

  /**
   * {@code UID FETCH set (UID BODY.PEEK[])} on the open folder, plus X-GM-THRID on Gmail; UIDs that are gone are
   * simply absent.
   */
  public List<FetchedBody> fetchBodies(long[] uids) {
    List<FetchedBody> out = new ArrayList<>(uids.length);
    String items = gmail ? "(UID X-GM-THRID BODY.PEEK[])" : "(UID BODY.PEEK[])";
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), items)) {
      UID uid = fetch.getItem(UID.class);
      BODY body = fetch.getItem(BODY.class);
      if (uid == null || body == null || body.getByteArray() == null) continue;
      ByteArray literal = body.getByteArray(); // a slice of the response's buffer: kept, not copied
      out.add(new FetchedBody(uid.uid, literal.getBytes(), literal.getStart(), literal.getCount(), null,
          GmailFetchItems.thrId(fetch)));
    }
    return out;
  }

  /**
   * One message in pieces of at most {@code piece} bytes ({@code UID FETCH uid (UID BODY.PEEK[]<offset.piece>)}), so
   * that no more than one piece is in memory: a message that fits in the first piece stays in memory, a larger one
   * is written to a temporary file in {@code spoolDirectory}. Null when the UID is gone.
   */
  public FetchedBody fetchBodyInPieces(long uid, int piece, Path spoolDirectory) {
    String set = Long.toString(uid);
    FetchResponse first = onlyFetch(uidFetch(set, (gmail ? "(UID X-GM-THRID BODY.PEEK[]<0." : "(UID BODY.PEEK[]<0.")
        + piece + ">)"));
    BODY body = first == null ? null : first.getItem(BODY.class);
    if (body == null || body.getByteArray() == null) return null;
    Long thrId = GmailFetchItems.thrId(first);
    ByteArray literal = body.getByteArray();
    if (literal.getCount() < piece) {
      return new FetchedBody(uid, literal.getBytes(), literal.getStart(), literal.getCount(), null, thrId);
    }
    Path file = null;
    try {
      file = Files.createTempFile(spoolDirectory, "mailmind-", ".eml");
      try (OutputStream out = Files.newOutputStream(file)) {
        long offset = 0;
        while (literal != null && literal.getCount() > 0) {
          out.write(literal.getBytes(), literal.getStart(), literal.getCount());
          offset += literal.getCount();
          if (literal.getCount() < piece) break;
          FetchResponse next = onlyFetch(uidFetch(set, "(UID BODY.PEEK[]<" + offset + "." + piece + ">)"));
          BODY part = next == null ? null : next.getItem(BODY.class);
          literal = part == null ? null : part.getByteArray();
        }
      }
      return new FetchedBody(uid, null, 0, 0, file, thrId);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          account.id() + " - cannot spool message " + uid + " to " + spoolDirectory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  private static FetchResponse onlyFetch(List<FetchResponse> responses) {
    for (FetchResponse fetch : responses) {
      if (fetch.getItem(BODY.class) != null) return fetch;
    }
    return null;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file
    }
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
