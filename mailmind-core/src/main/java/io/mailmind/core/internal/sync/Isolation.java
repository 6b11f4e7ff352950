package io.mailmind.core.internal.sync;

import io.mailmind.core.MailConnectionException;

/**
 * When a fetch of several messages keeps failing, the engine splits it in halves until the bad messages are alone
 * (a poison message must not keep the rest of its batch or folder out of the store). This says which failures are
 * worth splitting for. Stateless.
 */
final class Isolation {
  private Isolation() {}

  /**
   * Whether one message of the fetch may be what made it fail: a malformed or oversized answer, or a connection the
   * server dropped while answering (Dovecot's imap process dies on some messages). Not a login or configuration
   * failure, a server that cannot be reached, nor one that stalls (a read or command timeout): then every message
   * would fail alike, each after a long wait.
   */
  static boolean messageMayCause(MailConnectionException e) {
    if (e.kind() == MailConnectionException.Kind.PROTOCOL) return true;
    if (e.kind() != MailConnectionException.Kind.TRANSIENT) return false;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException || cause instanceof java.net.SocketTimeoutException) {
        return false;
      }
    }
    return true;
  }
}
