package io.mailmind.core.internal.idle;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.imap.ImapErrors;
import io.mailmind.core.internal.imap.ImapSessions;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>Not thread-safe, except {@link #abort()}, which any thread may call to end a blocked round at once.
 */
final class IdleConnection implements AutoCloseable {
  private final ImapAccount account;
  private final SocketTracker sockets;
  private final IMAPStore store;
  private final IMAPFolder folder;
  private final String imapFolder;
  private final boolean idleSupported;
  private final int commandTimeoutMillis;
  private final Changes changes = new Changes();

  private IdleConnection(ImapAccount account, SocketTracker sockets, IMAPStore store, IMAPFolder folder,
      String imapFolder, boolean idleSupported, int commandTimeoutMillis) {
    this.account = account;
    this.sockets = sockets;
    this.store = store;
    this.folder = folder;
    this.imapFolder = imapFolder;
    this.idleSupported = idleSupported;
    this.commandTimeoutMillis = commandTimeoutMillis;
  }

  /**
   * Connects, logs in, picks the folder to follow (INBOX; on Gmail the {@code \All} folder) and opens it read-only.
   *
   * @param sockets a fresh tracker; {@link SocketTracker#abort()} on it from another thread ends the connect too
   */
  static IdleConnection open(ImapAccount account, Credentials credentials, SyncOptions options, SocketTracker sockets,
      ScheduledExecutorService writeTimeouts) {
    Session session = ImapSessions.session(account, options);
    String protocol = ImapSessions.protocol(account);
    sockets.install(session.getProperties(), protocol, account.security(), writeTimeouts);
    IMAPStore store = null;
    try {
      store = (IMAPStore) session.getStore(protocol);
      store.connect(account.host(), account.port(), account.username(), credentials.secret());
      boolean idle = store.hasCapability("IDLE");
      IMAPFolder folder = null;
      if (store.hasCapability("X-GM-EXT-1")) folder = allMail(store);
      if (folder == null) folder = (IMAPFolder) store.getFolder("INBOX");
      folder.open(Folder.READ_ONLY);
      return new IdleConnection(account, sockets, store, folder, imapFolder(folder), idle,
          (int) Math.min(Integer.MAX_VALUE, options.readTimeout().toMillis()));
    } catch (MessagingException | RuntimeException e) {
      sockets.abort();
      closeQuietly(store);
      throw ImapErrors.translate(account.id() + " - connecting to " + account.host() + ":" + account.port()
          + " to follow new mail", e);
    }
  }

  /** Gmail keeps every message but Spam and Trash in the folder with the {@code \All} attribute. */
  private static IMAPFolder allMail(IMAPStore store) throws MessagingException {
    for (Folder candidate : store.getDefaultFolder().list("*")) {
      IMAPFolder imap = (IMAPFolder) candidate;
      for (String attribute : imap.getAttributes()) {
        if (attribute.equalsIgnoreCase("\\All") || attribute.equalsIgnoreCase("\\AllMail")) return imap;
      }
    }
    return null;
  }

  /** The folder name the engine and the store use: the decoded server name with '/' as the separator. */
  private static String imapFolder(IMAPFolder folder) throws MessagingException {
    String name = folder.getFullName();
    char delimiter = folder.getSeparator();
    if (delimiter != 0 && delimiter != '/') name = name.replace(delimiter, '/');
    return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
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
    try {
      folder.doCommand(protocol -> round.run(protocol));
      return changes.seen;
    } catch (MessagingException | RuntimeException e) {
      if (round.silent) {
        throw new MailConnectionException(MailConnectionException.Kind.TRANSIENT, account.id() + " - " + imapFolder
            + ": the server did not complete IDLE within " + answerTimeout + " after DONE; connection dropped", e);
      }
      throw ImapErrors.translate(account.id() + " - IDLE on " + imapFolder, e);
    } finally {
      restoreTimeout();
    }
  }

  /**
   * For servers without IDLE: one NOOP, which makes the server report what changed since the last command.
   *
   * @return true when the server reported new, expunged or changed messages
   */
  boolean poll() {
    changes.reset();
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
    } catch (MessagingException | RuntimeException e) {
      throw ImapErrors.translate(account.id() + " - NOOP on " + imapFolder, e);
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

  /** One IDLE command, from IDLE to its tagged completion, with the deadlines of the round. */
  private final class Round {
    private final long reissueNanos;
    private final long answerNanos;
    boolean silent;

    Round(long reissueNanos, long answerNanos) {
      this.reissueNanos = reissueNanos;
      this.answerNanos = answerNanos;
    }

    Object run(IMAPProtocol protocol) throws ProtocolException {
      protocol.addResponseHandler(changes);
      try {
        protocol.idleStart();
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
          try {
            sockets.readTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999) / 1_000_000)));
          } catch (SocketException e) {
            throw new ProtocolException("socket closed: " + e.getMessage(), e);
          }
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

  /** A read timeout that consumed nothing: the stream is intact and the round goes on. */
  private static boolean isQuietTimeout(Exception e) {
    return e instanceof SocketTimeoutException timeout && timeout.bytesTransferred == 0;
  }

  /** Notes untagged responses that mean the folder changed; runs on the reading thread, under Angus' locks. */
  private static final class Changes implements ResponseHandler {
    volatile boolean seen;

    void reset() {
      seen = false;
    }

    @Override
    public void handleResponse(Response response) {
      if (response instanceof IMAPResponse imap && imap.isUnTagged()
          && (imap.keyEquals("EXISTS") || imap.keyEquals("EXPUNGE") || imap.keyEquals("FETCH")
              || imap.keyEquals("VANISHED"))) {
        seen = true;
      }
    }
  }

  @Override
  public String toString() {
    return "IdleConnection[" + account.id() + ", " + imapFolder + (idleSupported ? ", IDLE" : ", polling") + "]";
  }
}
