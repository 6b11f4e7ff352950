package io.mailmind.core.internal.imap;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailConnectionException.Kind;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.folder.Flags;
import io.mailmind.core.internal.util.Closeables;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.MODSEQ;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * One logged-in IMAP connection with at most one folder open (read-only). Not thread-safe: one task uses it at
 * a time (see {@link ConnectionPool}).
 *
 * <p>Every command runs within bounds (see {@link ResponseGuard}): a deadline ({@link SyncOptions#commandTimeout()},
 * or the sync's own when sooner), a longest response line, a largest literal, and a number of untagged responses
 * that fits the command. FETCH answers are checked too: every one must parse and carry a valid UID (and the
 * RFC822.SIZE or body asked for). A server that breaks a bound or the protocol fails the command with a
 * {@link MailConnectionException} of kind {@link Kind#PROTOCOL} that names the folder and the UIDs concerned, and
 * the connection is closed; an {@link OutOfMemoryError} while reading a response is reported the same way.
 */
public final class ImapConnection implements AutoCloseable {
  /** The header fields the metadata phase fetches: what the store keeps in columns and threading needs. */
  public static final String HEADER_FIELDS =
      "DATE FROM TO CC BCC REPLY-TO SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES";

  /** Untagged responses a command with no larger need may bring (SELECT, STATUS, login, NOOP, CLOSE). */
  public static final int SMALL_COMMAND_RESPONSES = 10_000;
  /** Untagged responses a LIST may bring: one per folder. */
  public static final int LIST_RESPONSES = 500_000;
  /** Literals in listings (X-GM-LABELS may send a label as one) are small. */
  public static final long LISTING_LITERAL_BYTES = 1 << 20;

  private final ImapAccount account;
  private final IMAPStore store;
  private final ResponseGuard guard;
  private final SyncOptions options;
  private final LongSupplier syncDeadline;
  private final boolean gmail;
  private IMAPFolder open;
  private int openExists;
  /** {@link #open} as it was selected; null once a fetch on it failed (see {@link #examineFor}). */
  private SelectedFolder selection;
  private volatile boolean broken;
  /** Run once on the first {@link #close()}; only the borrower or the pool closes, never two threads at once. */
  private volatile Runnable closeHook;

  private ImapConnection(ImapAccount account, IMAPStore store, ResponseGuard guard, SyncOptions options,
      LongSupplier syncDeadline) {
    this.account = account;
    this.store = store;
    this.guard = guard;
    this.options = options;
    this.syncDeadline = syncDeadline;
    this.gmail = hasCapability("X-GM-EXT-1");
  }

  /**
   * Connects and logs in, within the command timeout.
   *
   * @param syncDeadline the {@link System#nanoTime()} by which the current sync must end, or
   *                     {@link Long#MAX_VALUE}; no command of this connection runs past it
   */
  public static ImapConnection connect(ImapAccount account, Credentials credentials, SyncOptions options,
      LongSupplier syncDeadline) {
    Session session = ImapSessions.session(account, options);
    ResponseGuard guard = ResponseGuard.of(options);
    GuardedSockets.install(session.getProperties(), ImapSessions.protocol(account),
        account.security() != Security.PLAIN, guard);
    String what = "connecting to " + account.host() + ":" + account.port();
    IMAPStore store = null;
    try {
      begin(guard, account, options, syncDeadline, what, SMALL_COMMAND_RESPONSES, maxLiteralBytes(options));
      store = GmailImapStore.create(session, ImapSessions.protocol(account));
      store.connect(account.host(), account.port(), account.username(), credentials.secret());
      return new ImapConnection(account, store, guard, options, syncDeadline);
    } catch (MessagingException | RuntimeException | OutOfMemoryError e) {
      guard.abort();
      Closeables.closeQuietly(store);
      throw guard.failure(account, what, e);
    } finally {
      guard.end();
    }
  }

  /** The largest literal the server may send: the option, but at most a quarter of the heap. */
  static long maxLiteralBytes(SyncOptions options) {
    return Math.min(options.maxLiteralBytes(), Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 4));
  }

  /** An IMAP exchange; Angus' checked exception is translated by {@link #run}. */
  private interface Exchange<T> {
    T run() throws MessagingException;
  }

  /**
   * Runs one exchange within the bounds of a command: a deadline, {@code maxResponses} untagged responses, literals
   * of at most {@code literalCap} bytes. A bound hit, a response Angus cannot parse, or an OutOfMemoryError breaks
   * the connection and is reported as what it is.
   */
  private <T> T run(String what, int maxResponses, long literalCap, Exchange<T> exchange) {
    begin(guard, account, options, syncDeadline, what, maxResponses, literalCap);
    try {
      return exchange.run();
    } catch (MailConnectionException e) {
      if (e.kind() == Kind.PROTOCOL) breakConnection();
      throw e;
    } catch (MessagingException | RuntimeException | OutOfMemoryError e) {
      MailConnectionException failure = guard.failure(account, what, e);
      if (failure.kind() == Kind.PROTOCOL || guard.violation() != null) breakConnection();
      throw failure;
    } finally {
      guard.end();
    }
  }

  private void breakConnection() {
    broken = true;
    guard.abort(); // the stream is out of step with the server: nothing more is read from it
    open = null;
    Closeables.closeQuietly(store);
  }

  private static void begin(ResponseGuard guard, ImapAccount account, SyncOptions options, LongSupplier syncDeadline,
      String what, int maxResponses, long literalCap) {
    long now = guard.now();
    long sync = syncDeadline.getAsLong();
    if (sync != ResponseGuard.NO_DEADLINE && sync - now <= 0) {
      throw new MailConnectionException(Kind.TRANSIENT, account.id() + " - " + what + ": the sync timeout of "
          + options.syncTimeout() + " has passed", null);
    }
    long command = now + options.commandTimeout().toNanos();
    boolean bySync = sync != ResponseGuard.NO_DEADLINE && sync - command < 0;
    guard.begin(what, bySync ? sync : command, bySync ? "the sync timeout of " + options.syncTimeout()
        : "the command timeout of " + options.commandTimeout(), maxResponses, literalCap);
  }


  public boolean isConnected() {
    if (broken) return false;
    IMAPFolder folder = open;
    try {
      if (folder != null && folder.isOpen()) {
        // Asking the store would open a second connection (the folder holds the store's one); ask the folder:
        // Angus sends NOOP on its connection when it was unused for over a second.
        return run("NOOP", SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> {
          folder.getMessageCount();
          return folder.isOpen();
        });
      }
      return run("NOOP", SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, store::isConnected);
    } catch (MailConnectionException e) {
      return false;
    }
  }

  public boolean hasCapability(String capability) {
    try {
      return run("CAPABILITY", SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> store.hasCapability(capability));
    } catch (MailConnectionException e) {
      if (e.kind() == Kind.PROTOCOL) throw e;
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
    return run("LIST", LIST_RESPONSES, LISTING_LITERAL_BYTES, () -> {
      Folder[] folders = store.getDefaultFolder().list("*");
      List<ListedFolder> out = new ArrayList<>(folders.length);
      for (Folder folder : folders) {
        IMAPFolder imapFolder = (IMAPFolder) folder;
        out.add(new ListedFolder(imapFolder.getFullName(), imapFolder.getSeparator(),
            Arrays.asList(imapFolder.getAttributes())));
      }
      return out;
    });
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
    return run("STATUS " + fullName, SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> {
      IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
      org.eclipse.angus.mail.imap.protocol.Status status = (org.eclipse.angus.mail.imap.protocol.Status)
          folder.doCommand(protocol -> protocol.status(fullName, items));
      return new FolderStatus(status.uidvalidity, status.uidnext, condstore ? Math.max(0, status.highestmodseq) : 0,
          status.total);
    });
  }

  /**
   * EXAMINEs a folder (with CONDSTORE when the server has it) and returns its state. A folder already open is
   * examined again, to see the current UIDNEXT.
   */
  public SelectedFolder select(String fullName) {
    closeFolder();
    boolean condstore = condstore();
    try {
      return run("EXAMINE " + fullName, SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> {
        IMAPFolder folder = (IMAPFolder) store.getFolder(fullName);
        if (condstore) folder.open(Folder.READ_ONLY, org.eclipse.angus.mail.imap.ResyncData.CONDSTORE);
        else folder.open(Folder.READ_ONLY);
        open = folder;
        long highestModSeq = condstore ? Math.max(0, folder.getHighestModSeq()) : 0;
        openExists = folder.getMessageCount();
        selection = new SelectedFolder(folder.getUIDValidity(), folder.getUIDNext(), highestModSeq, openExists);
        return selection;
      });
    } catch (MailConnectionException e) {
      open = null;
      throw e;
    }
  }

  /**
   * The UIDVALIDITY of a folder, opened to fetch the messages {@code uids}: the folder already open on this
   * connection is kept when every UID is below the UIDNEXT it was selected with, else it is examined again. A
   * message that arrived after the selection has a UID at least that UIDNEXT and may be unknown to the selection,
   * so it is never fetched through it; a UIDVALIDITY cannot change while the folder is selected (RFC 3501 2.3.1.1).
   * The content batches of a folder so run on one EXAMINE per connection instead of a CLOSE and an EXAMINE each,
   * and the server does not open the folder again for each (Dovecot read a Maildir's whole directory for each).
   * After a failed UID FETCH the folder is examined again, so a retry finds out whether it is still there.
   *
   * @param uids the UIDs to fetch next, not empty
   */
  public long examineFor(String fullName, long[] uids) {
    IMAPFolder folder = open;
    SelectedFolder kept = selection;
    if (folder != null && kept != null && !broken && folder.isOpen() && folder.getFullName().equals(fullName)) {
      long highest = 0;
      for (long uid : uids) highest = Math.max(highest, uid);
      if (highest < kept.uidNext()) return kept.uidValidity(); // a UIDNEXT the server did not send (-1) never passes
    }
    return select(fullName).uidValidity();
  }

  /** {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} on the open folder, plus X-GM-LABELS on Gmail. */
  public List<ServerMessage> listMessages() {
    List<ServerMessage> out = new ArrayList<>();
    String items = gmail ? "(UID FLAGS RFC822.SIZE X-GM-LABELS)" : "(UID FLAGS RFC822.SIZE)";
    for (FetchResponse fetch : uidFetch("1:*", items, null, LISTING_LITERAL_BYTES, true, RFC822SIZE.class)) {
      UID uid = fetch.getItem(UID.class);
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new ServerMessage(uid.uid, flags(fetch.getItem(FLAGS.class)), size == null ? 0 : size.size,
          gmail ? GmailFetchItems.labels(fetch) : null));
    }
    return out;
  }

  /** Gmail: {@code UID FETCH 1:* (UID X-GM-MSGID)} on the open folder, as UID by X-GM-MSGID. */
  public Map<Long, Long> gmailUidsByMessageId() {
    Map<Long, Long> out = new HashMap<>();
    for (FetchResponse fetch : uidFetch("1:*", "(UID X-GM-MSGID)", null, LISTING_LITERAL_BYTES)) {
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
    for (FetchResponse fetch : uidFetch("1:*", items + " (CHANGEDSINCE " + modSeq + ")", null, LISTING_LITERAL_BYTES,
        RFC822SIZE.class)) {
      UID uid = fetch.getItem(UID.class);
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      out.add(new ServerMessage(uid.uid, flags(fetch.getItem(FLAGS.class)), size == null ? 0 : size.size,
          gmail ? GmailFetchItems.labels(fetch) : null));
    }
    return out;
  }

  /** Every UID of the open folder ({@code UID FETCH 1:* (UID)}). */
  public List<Long> listUids() {
    List<Long> out = new ArrayList<>();
    for (FetchResponse fetch : uidFetch("1:*", "(UID)", null, LISTING_LITERAL_BYTES)) {
      out.add(fetch.getItem(UID.class).uid);
    }
    return out;
  }

  /** The metadata items of these UIDs on the open folder; UIDs that are gone are simply absent. */
  public List<FetchedHeaders> fetchHeaders(long[] uids) {
    List<FetchedHeaders> out = new ArrayList<>(uids.length);
    String items = "(UID FLAGS INTERNALDATE RFC822.SIZE " + (gmail ? "X-GM-MSGID X-GM-THRID X-GM-LABELS " : "")
        + "BODY.PEEK[HEADER.FIELDS (" + HEADER_FIELDS + ")])";
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), items, uids, maxLiteralBytes(options), RFC822SIZE.class,
        BODY.class)) {
      UID uid = fetch.getItem(UID.class);
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
    // RFC822.SIZE before the body: the literal is held to it (see ResponseGuard#literalLimit)
    String items = gmail ? "(UID X-GM-THRID RFC822.SIZE BODY.PEEK[])" : "(UID RFC822.SIZE BODY.PEEK[])";
    for (FetchResponse fetch : uidFetch(UidSet.of(uids), items, uids, maxLiteralBytes(options), BODY.class)) {
      UID uid = fetch.getItem(UID.class);
      BODY body = fetch.getItem(BODY.class);
      if (body == null || body.getByteArray() == null) continue;
      ByteArray literal = body.getByteArray(); // a slice of the response's buffer: kept, not copied
      out.add(new FetchedBody(uid.uid, literal.getBytes(), literal.getStart(), literal.getCount(), null,
          GmailFetchItems.thrId(fetch)));
    }
    checkGone(uids, out.stream().map(FetchedBody::uid).toList());
    return out;
  }

  /**
   * The UIDs of {@code requested} without a body in the answer must be gone (expunged meanwhile): asks the server
   * whether it still lists them, and fails with a protocol violation naming those it does.
   */
  private void checkGone(long[] requested, java.util.Collection<Long> answered) {
    Set<Long> have = new HashSet<>(answered);
    long[] missing = Arrays.stream(requested).filter(uid -> !have.contains(uid)).toArray();
    if (missing.length == 0) return;
    String folder = open.getFullName();
    long[] listed = uidFetch(UidSet.of(missing), "(UID)", missing, LISTING_LITERAL_BYTES).stream()
        .mapToLong(fetch -> fetch.getItem(UID.class).uid).filter(uid -> Arrays.stream(missing).anyMatch(m -> m == uid))
        .toArray();
    if (listed.length == 0) return;
    breakConnection();
    throw new MailConnectionException(Kind.PROTOCOL, account.id() + " - protocol violation: the server sent no body "
        + "for UIDs " + UidSet.of(listed) + " in " + folder + " though it still lists them", null);
  }

  /**
   * One message in pieces of at most {@code piece} bytes ({@code UID FETCH uid (UID BODY.PEEK[]<offset.piece>)}), so
   * that no more than one piece is in memory: a message that fits in the first piece stays in memory, a larger one
   * is written to a temporary file in {@code spoolDirectory}. Null when the UID is gone.
   */
  public FetchedBody fetchBodyInPieces(long uid, int piece, Path spoolDirectory) {
    String set = Long.toString(uid);
    long[] requested = {uid};
    FetchResponse first = onlyFetch(uidFetch(set, (gmail ? "(UID X-GM-THRID RFC822.SIZE BODY.PEEK[]<0."
        : "(UID RFC822.SIZE BODY.PEEK[]<0.") + piece + ">)", requested, piece, BODY.class));
    BODY body = first == null ? null : first.getItem(BODY.class);
    if (body == null || body.getByteArray() == null) {
      checkGone(requested, List.of());
      return null;
    }
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
          FetchResponse next = onlyFetch(uidFetch(set, "(UID BODY.PEEK[]<" + offset + "." + piece + ">)", requested,
              piece, BODY.class));
          BODY part = next == null ? null : next.getItem(BODY.class);
          literal = part == null ? null : part.getByteArray();
        }
      }
      return new FetchedBody(uid, null, 0, 0, file, thrId);
    } catch (IOException e) {
      Closeables.deleteQuietly(file);
      throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT,
          account.id() + " - cannot spool message " + uid + " to " + spoolDirectory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      Closeables.deleteQuietly(file);
      throw e;
    }
  }

  private static FetchResponse onlyFetch(List<FetchResponse> responses) {
    for (FetchResponse fetch : responses) {
      if (fetch.getItem(BODY.class) != null) return fetch;
    }
    return null;
  }

  /** The largest UID there is (RFC 3501: a 32-bit unsigned number, never 0). */
  static final long MAX_UID = 0xFFFF_FFFFL;

  /**
   * {@code UID FETCH set items} on the open folder: its FETCH answers, each with a valid UID. A message that the
   * answer leaves out is gone from the server; an answer that does not parse, has no or an invalid UID, a negative
   * RFC822.SIZE, or lacks a {@code required} item for a UID is a protocol violation naming the UIDs concerned.
   *
   * @param requested the UIDs asked for (null for {@code 1:*}), to name those without a usable answer
   */
  @SafeVarargs
  private List<FetchResponse> uidFetch(String set, String items, long[] requested, long literalCap,
      Class<? extends org.eclipse.angus.mail.imap.protocol.Item>... required) {
    return uidFetch(set, items, requested, literalCap, false, required);
  }

  /** @param wholeFolder the command lists every message of the folder just selected: each must answer with a UID */
  private List<FetchResponse> uidFetch(String set, String items, long[] requested, long literalCap, boolean wholeFolder,
      Class<? extends org.eclipse.angus.mail.imap.protocol.Item>... required) {
    IMAPFolder folder = open;
    if (folder == null || !folder.isOpen()) {
      throw new IllegalStateException("no folder is open on this connection");
    }
    String what = "UID FETCH " + abbreviate(set) + " " + items + " in " + folder.getFullName();
    int expected = requested != null ? requested.length : openExists;
    int maxResponses = (int) Math.min(Integer.MAX_VALUE, 2L * expected + SMALL_COMMAND_RESPONSES);
    try {
      return run(what, maxResponses, literalCap, () -> {
        Response[] responses = (Response[]) folder.doCommand(protocol -> command(protocol, set, items));
        return checked(what, responses, requested, wholeFolder, required);
      });
    } catch (MailConnectionException e) {
      selection = null; // the next examineFor examines again: the folder may be gone or the selection stale
      if (requested == null || e.getMessage().contains("UIDs not fetched")) throw e;
      // Name every message left without content, not only the one whose answer broke the command.
      throw new MailConnectionException(e.kind(), e.getMessage() + " (UIDs not fetched: " + UidSet.of(requested) + ")",
          e.getCause() != null ? e.getCause() : e);
    }
  }

  private List<FetchResponse> checked(String what, Response[] responses, long[] requested, boolean wholeFolder,
      Class<? extends org.eclipse.angus.mail.imap.protocol.Item>[] required) {
    List<FetchResponse> out = new ArrayList<>(responses.length);
    List<String> problems = new ArrayList<>();
    Map<Long, Set<Class<?>>> carried = new LinkedHashMap<>();
    int fetches = 0;
    for (Response response : responses) {
      if (!(response instanceof FetchResponse fetch)) continue;
      fetches++;
      UID uid = fetch.getItem(UID.class);
      if (uid == null) {
        if (!onlyFlags(fetch)) problems.add("the answer for message " + fetch.getNumber() + " has no UID");
        continue; // else an unsolicited flag update (RFC 3501 7.4.2)
      }
      if (uid.uid < 1 || uid.uid > MAX_UID) {
        problems.add("the answer for message " + fetch.getNumber() + " has an invalid UID (read as " + uid.uid + ")");
        continue;
      }
      RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
      if (size != null && size.size < 0) {
        problems.add("UID " + uid.uid + " has the invalid RFC822.SIZE " + size.size);
        continue;
      }
      Set<Class<?>> items = carried.computeIfAbsent(uid.uid, k -> new HashSet<>());
      for (int i = 0; i < fetch.getItemCount(); i++) items.add(fetch.getItem(i).getClass());
      out.add(fetch);
    }
    for (Map.Entry<Long, Set<Class<?>>> entry : carried.entrySet()) {
      for (Class<?> item : required) {
        if (!entry.getValue().contains(item)) {
          problems.add("UID " + entry.getKey() + " has no " + item.getSimpleName().replace("RFC822SIZE", "RFC822.SIZE"));
        }
      }
    }
    if (wholeFolder) { // a message answered only with FLAGS (or not at all) would be left out in silence
      long exists = openExists; // as selected, moved by what this command reports
      Set<Integer> listed = new HashSet<>();
      for (Response response : responses) {
        if (!(response instanceof IMAPResponse untagged)) continue;
        if (untagged.keyEquals("EXISTS")) exists = untagged.getNumber();
        else if (untagged.keyEquals("EXPUNGE")) exists--;
      }
      for (FetchResponse fetch : out) listed.add(fetch.getNumber());
      if (listed.size() < exists) {
        problems.add((exists - listed.size()) + " of the folder's " + exists + " messages were not answered with a UID");
      }
    }
    int unparsed = guard.fetchResponses() - fetches;
    if (unparsed > 0) problems.add(unparsed + " FETCH answer" + (unparsed == 1 ? "" : "s") + " could not be parsed");
    if (problems.isEmpty()) return out;
    StringBuilder message = new StringBuilder(account.id()).append(" - protocol violation in the server's response to ")
        .append(what).append(": ").append(String.join("; ", problems.subList(0, Math.min(problems.size(), 10))));
    if (problems.size() > 10) message.append("; and ").append(problems.size() - 10).append(" more");
    if (requested != null) {
      Set<Long> concerned = new TreeSet<>();
      for (long uid : requested) {
        if (!carried.containsKey(uid) || problems.stream().anyMatch(p -> p.startsWith("UID " + uid + " "))) {
          concerned.add(uid);
        }
      }
      if (!concerned.isEmpty()) message.append(" (UIDs without a usable answer: ").append(UidSet.of(
          concerned.stream().mapToLong(Long::longValue).toArray())).append(')');
    }
    throw new MailConnectionException(Kind.PROTOCOL, message.toString(), null);
  }

  /** True for a FETCH answer that carries nothing but FLAGS (and MODSEQ): an unsolicited flag update. */
  private static boolean onlyFlags(FetchResponse fetch) {
    for (int i = 0; i < fetch.getItemCount(); i++) {
      Object item = fetch.getItem(i);
      if (!(item instanceof FLAGS) && !(item instanceof MODSEQ)) return false;
    }
    return fetch.getExtensionItems() == null || fetch.getExtensionItems().isEmpty();
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
    if (folder != null && folder.isOpen() && !broken) {
      try {
        run("CLOSE " + folder.getFullName(), SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> {
          folder.close(false);
          return null;
        });
      } catch (MailConnectionException | IllegalStateException e) {
        // the connection may be gone; nothing to keep
      }
    }
  }

  /**
   * Closes the connection's sockets now, from any thread: a command in progress fails at once, and the connection
   * is not reused. {@link #close()} is still called by whoever uses it.
   */
  public void abort() {
    broken = true;
    guard.abort();
  }

  /** Runs {@code hook} once, when this connection is first closed (the pool counts its open connections so). */
  public void onClose(Runnable hook) {
    closeHook = hook;
  }

  @Override
  public void close() {
    Runnable hook = closeHook;
    closeHook = null;
    try {
      logout();
    } finally {
      if (hook != null) hook.run();
    }
  }

  private void logout() {
    closeFolder();
    if (!broken) {
      try {
        run("LOGOUT", SMALL_COMMAND_RESPONSES, LISTING_LITERAL_BYTES, () -> {
          store.close();
          return null;
        });
        return;
      } catch (MailConnectionException e) {
        // closed below
      }
    }
    guard.abort();
    Closeables.closeQuietly(store);
  }

  @Override
  public String toString() {
    return "ImapConnection[" + account.id() + (open != null ? ", " + open.getFullName() : "") + "]";
  }
}
