package io.mailmind.core.internal.idle;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.folder.FolderNames;
import io.mailmind.core.internal.imap.ImapConnection;
import io.mailmind.core.internal.imap.ImapErrors;
import io.mailmind.core.internal.imap.ImapSessions;
import io.mailmind.core.internal.imap.ResponseGuard;
import io.mailmind.core.internal.util.Closeables;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * The dedicated connection that follows one folder of an account: its own {@link IMAPStore} (not the engine's
 * pool), the watched folder open read-only, and one socket (capabilities and LIST run before the folder takes the
 * store's connection).
 *
 * <p>IDLE is driven here rather than through {@link IMAPFolder#idle(boolean)}: that method ignores socket timeouts
 * (Angus issue 176), so a connection that went silent would block it forever. Instead one IDLE round runs inside
 * {@link IMAPFolder#doCommand} with IMAPProtocol's public IDLE steps, on the calling thread only: the socket's read
 * timeout is set to the next deadline; when the re-issue deadline passes it sends DONE, and when the server has not
 * completed IDLE within the answer timeout after DONE, the connection counts as dead. Untagged EXISTS, EXPUNGE,
 * FETCH and VANISHED responses mark the round as changed and end it at once (DONE), so the caller runs the new-mail
 * unit outside any Angus lock and then idles again. Nothing here calls back into the engine.
 *
 * <p>What the server sends is read through a {@link ResponseGuard}, with the bounds of the engine's own
 * connections ({@link SyncOptions#maxLineBytes()}, {@link SyncOptions#maxLiteralBytes()}): every command has a
 * deadline (the command timeout; an IDLE round its re-issue interval plus twice the answer timeout, a backstop for
 * a response that never completes, which the round's own watchdog cannot see), literals during IDLE or NOOP are
 * held to {@link ImapConnection#LISTING_LITERAL_BYTES} (nothing asked for there carries a body), and one round
 * may bring at most {@link ImapConnection#SMALL_COMMAND_RESPONSES} untagged responses plus two per message in the
 * folder (an EXPUNGE and a FETCH each). A bound hit, or an {@link OutOfMemoryError} while reading, fails the
 * connection with a {@link MailConnectionException} of kind {@link MailConnectionException.Kind#PROTOCOL} (a stall
 * with {@link MailConnectionException.Kind#TRANSIENT}); the watcher reports it for this account and reconnects.
 *
 * <p>Not thread-safe, except {@link #abort()}, which any thread may call to end a blocked round at once.
 */
final class IdleConnection implements AutoCloseable {
  private final ImapAccount account;
  private final SocketTracker sockets;
  private final ResponseGuard guard;
  private final IMAPStore store;
  private final IMAPFolder folder;
  private final String imapFolder;
  private final boolean idleSupported;
  private final int commandTimeoutMillis;
  private final Duration commandTimeout;
  private final Changes changes;

  private IdleConnection(ImapAccount account, SocketTracker sockets, ResponseGuard guard, IMAPStore store,
      IMAPFolder folder, String imapFolder, boolean idleSupported, SyncOptions options, int messages) {
    this.account = account;
    this.sockets = sockets;
    this.guard = guard;
    this.store = store;
    this.folder = folder;
    this.imapFolder = imapFolder;
    this.idleSupported = idleSupported;
    this.commandTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, options.readTimeout().toMillis());
    this.commandTimeout = options.commandTimeout();
    this.changes = new Changes(messages);
  }

  /**
   * Connects, logs in, picks the folder to follow (INBOX; on Gmail the {@code \All} folder) and opens it read-only.
   *
   * @param sockets a fresh tracker; {@link SocketTracker#abort()} on it from another thread ends the connect too
   */
  static IdleConnection open(ImapAccount account, Credentials credentials, SyncOptions options, SocketTracker sockets) {
    Session session = ImapSessions.session(account, options);
    String protocol = ImapSessions.protocol(account);
    ResponseGuard guard = ResponseGuard.of(options);
    sockets.install(session.getProperties(), protocol, account.security(), guard);
    String what = "connecting to " + account.host() + ":" + account.port() + " to follow new mail";
    IMAPStore store = null;
    try {
      begin(guard, options, what, ImapConnection.SMALL_COMMAND_RESPONSES);
      store = (IMAPStore) session.getStore(protocol);
      store.connect(account.host(), account.port(), account.username(), credentials.secret());
      boolean idle = store.hasCapability("IDLE");
      IMAPFolder folder = null;
      if (store.hasCapability("X-GM-EXT-1")) {
        begin(guard, options, "LIST to find the \\All folder", ImapConnection.LIST_RESPONSES);
        folder = allMail(store);
      }
      if (folder == null) folder = (IMAPFolder) store.getFolder("INBOX");
      begin(guard, options, "EXAMINE " + folder.getFullName(), ImapConnection.SMALL_COMMAND_RESPONSES);
      folder.open(Folder.READ_ONLY);
      int messages = Math.max(0, folder.getMessageCount()); // as the open just reported it, no command
      return new IdleConnection(account, sockets, guard, store, folder, imapFolder(folder), idle, options, messages);
    } catch (MessagingException | RuntimeException | OutOfMemoryError e) {
      sockets.abort();
      Closeables.closeQuietly(store);
      if (guard.violation() != null || e instanceof OutOfMemoryError) throw guard.failure(account, what, e);
      throw ImapErrors.translate(account.id() + " - " + what, (Exception) e);
    } finally {
      guard.end();
    }
  }

  /** A command of this connection begins: within the command timeout, with at most {@code responses} untagged. */
  private static void begin(ResponseGuard guard, SyncOptions options, String what, int responses) {
    guard.begin(what, guard.now() + options.commandTimeout().toNanos(), "the command timeout of "
        + options.commandTimeout(), responses, ImapConnection.LISTING_LITERAL_BYTES);
  }

  /** Gmail keeps every message but Spam and Trash in the folder with the {@code \All} attribute. */
  private static IMAPFolder allMail(IMAPStore store) throws MessagingException {
    for (Folder candidate : store.getDefaultFolder().list("*")) {
      IMAPFolder imap = (IMAPFolder) candidate;
      if (FolderNames.isAllMail(Arrays.asList(imap.getAttributes()))) return imap;
    }
    return null;
  }

  /** The folder name the engine and the store use. */
  private static String imapFolder(IMAPFolder folder) throws MessagingException {
    return FolderNames.imapFolderOfDecoded(folder.getFullName(), folder.getSeparator());
  }

  /** The followed folder, as the engine names it. */
  String imapFolder() {
    return imapFolder;
  }

  /** False for servers without IDLE: the caller polls with {@link #poll()}. */
  boolean idleSupported() {
    return idleSupported;
  }

  /** Sockets open for this connection (1 when all is well). */
  int openSockets() {
    return sockets.open();
  }

  /**
   * One IDLE round: starts IDLE and returns when the server reported a change (after ending IDLE), or when
   * {@code reissueAfter} has passed and the server completed IDLE after DONE.
   *
   * @param reissueAfter  when to end a quiet IDLE with DONE
   * @param answerTimeout how long the server may take to complete IDLE after DONE before the connection counts as
   *                      dead
   * @return true when the server reported new, expunged or changed messages
   * @throws MailConnectionException when the connection broke, the server sent BYE, or it went silent
   */
  boolean idle(Duration reissueAfter, Duration answerTimeout) {
    changes.reset();
    Round round = new Round(reissueAfter.toNanos(), answerTimeout.toNanos());
    String what = "IDLE on " + imapFolder;
    guard.begin(what, guard.now() + reissueAfter.toNanos() + 2 * answerTimeout.toNanos(), "the IDLE re-issue "
        + "interval of " + reissueAfter + " and twice the answer timeout of " + answerTimeout, changes.bound(),
        ImapConnection.LISTING_LITERAL_BYTES);
    try {
      folder.doCommand(protocol -> round.run(protocol));
      return changes.seen;
    } catch (MessagingException | RuntimeException | OutOfMemoryError e) {
      if (round.silent) {
        throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT, account.id() + " - " + imapFolder
            + ": the server did not complete IDLE within " + answerTimeout + " after DONE; connection dropped", e);
      }
      if (round.starting && timedOut(e)) {
        throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT, account.id() + " - " + imapFolder
            + ": the server did not accept IDLE within " + answerTimeout + "; connection dropped", e);
      }
      throw failure(what, e);
    } finally {
      guard.end();
      restoreTimeout();
    }
  }

  /** A bound hit or no heap left is what it is; anything else is translated as a connection failure. */
  private MailConnectionException failure(String what, Throwable e) {
    if (guard.violation() != null || e instanceof OutOfMemoryError) return guard.failure(account, what, e);
    return ImapErrors.translate(account.id() + " - " + what, (Exception) e);
  }

  /**
   * For servers without IDLE: one NOOP, which makes the server report what changed since the last command.
   *
   * @return true when the server reported new, expunged or changed messages
   */
  boolean poll() {
    changes.reset();
    String what = "NOOP on " + imapFolder;
    guard.begin(what, guard.now() + commandTimeout.toNanos(), "the command timeout of " + commandTimeout,
        changes.bound(), ImapConnection.LISTING_LITERAL_BYTES);
    try {
      folder.doCommand(protocol -> {
        protocol.addResponseHandler(changes);
        try {
          protocol.noop();
        } finally {
          protocol.removeResponseHandler(changes);
        }
        return null;
      });
      return changes.seen;
    } catch (MessagingException | RuntimeException | OutOfMemoryError e) {
      throw failure(what, e);
    } finally {
      guard.end();
    }
  }

  private void restoreTimeout() {
    try {
      sockets.readTimeout(commandTimeoutMillis);
    } catch (SocketException e) {
      // the socket is gone; the next command fails and reconnects
    }
  }

  /** Closes the connection without a goodbye: the sockets first (so nothing can block), then Angus' objects. */
  @Override
  public void close() {
    sockets.abort();
    try {
      folder.forceClose();
    } catch (MessagingException | RuntimeException e) {
      // already closed with the sockets
    }
    Closeables.closeQuietly(store);
  }

  /** One IDLE command, from IDLE to its tagged completion, with the deadlines of the round. */
  private final class Round {
    private final long reissueNanos;
    private final long answerNanos;
    boolean silent;
    /** While the server has not yet accepted IDLE (its continuation request). */
    boolean starting;

    Round(long reissueNanos, long answerNanos) {
      this.reissueNanos = reissueNanos;
      this.answerNanos = answerNanos;
    }

    Object run(IMAPProtocol protocol) throws ProtocolException {
      protocol.addResponseHandler(changes);
      try {
        // A server that went silent between two rounds never accepts the next IDLE: the answer timeout bounds that
        // wait too, instead of the command timeout.
        setReadTimeout(answerNanos);
        starting = true;
        protocol.idleStart();
        starting = false;
        long reissueAt = System.nanoTime() + reissueNanos;
        long doneDeadline = 0;
        while (true) {
          long now = System.nanoTime();
          if (doneDeadline == 0 && (changes.seen || now - reissueAt >= 0)) {
            protocol.idleAbort();
            doneDeadline = now + answerNanos;
          }
          long deadline = doneDeadline != 0 ? doneDeadline : reissueAt;
          long waitNanos = deadline - now;
          if (waitNanos <= 0 && doneDeadline != 0) {
            silent = true;
            throw new ProtocolException("no answer to DONE");
          }
          setReadTimeout(waitNanos);
          Response response = protocol.readIdleResponse();
          if (response == null) return null; // IDLE already completed
          if (response.isBYE() && response.isSynthetic() && isQuietTimeout(response.getException())) continue;
          if (!protocol.processIdleResponse(response)) return null; // tagged completion (BYE and NO throw)
        }
      } finally {
        protocol.removeResponseHandler(changes);
      }
    }
  }

  private void setReadTimeout(long nanos) throws ProtocolException {
    try {
      sockets.readTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000)));
    } catch (SocketException e) {
      throw new ProtocolException("socket closed: " + e.getMessage(), e);
    }
  }

  /** Whether a read timeout is behind {@code e} (Angus reports it as a synthetic BYE that carries it). */
  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) return true;
      if (cause instanceof MessagingException me && me.getNextException() instanceof SocketTimeoutException) return true;
      if (cause.getMessage() != null && cause.getMessage().contains("SocketTimeoutException")) return true;
    }
    return false;
  }

  /** A read timeout that consumed nothing: the stream is intact and the round goes on. */
  private static boolean isQuietTimeout(Exception e) {
    return e instanceof SocketTimeoutException timeout && timeout.bytesTransferred == 0;
  }

  /**
   * Notes untagged responses that mean the folder changed, and the folder's size (the last EXISTS); runs on the
   * reading thread, under Angus' locks.
   */
  private static final class Changes implements ResponseHandler {
    volatile boolean seen;
    private volatile long messages;

    Changes(int messages) {
      this.messages = messages;
    }

    void reset() {
      seen = false;
    }

    /** The untagged responses one command may bring: a few, plus an EXPUNGE and a FETCH per message. */
    int bound() {
      return (int) Math.min(Integer.MAX_VALUE, ImapConnection.SMALL_COMMAND_RESPONSES + 2 * messages);
    }

    @Override
    public void handleResponse(Response response) {
      if (response instanceof IMAPResponse imap && imap.isUnTagged()
          && (imap.keyEquals("EXISTS") || imap.keyEquals("EXPUNGE") || imap.keyEquals("FETCH")
              || imap.keyEquals("VANISHED"))) {
        seen = true;
        if (imap.keyEquals("EXISTS")) messages = Math.max(0, imap.getNumber());
      }
    }
  }

  @Override
  public String toString() {
    return "IdleConnection[" + account.id() + ", " + imapFolder + (idleSupported ? ", IDLE" : ", polling") + "]";
  }
}
