package io.mailmind.core.internal.imap;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailConnectionException.Kind;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Turns Jakarta Mail's checked exceptions into {@link MailConnectionException}s with context. A failure to reach
 * the server says what happened in plain words: "connection refused", "unknown host X", "no route to host", or
 * "connect timed out after N ms" (only then does the connect timeout matter); Angus' own message names the timeout
 * whatever the cause.
 */
public final class ImapErrors {
  private ImapErrors() {}

  public static MailConnectionException translate(String context, Exception e) {
    if (e instanceof MailConnectionException mce) return mce;
    Kind kind = Kind.TRANSIENT;
    if (e instanceof AuthenticationFailedException) {
      kind = Kind.AUTHENTICATION;
    } else if (causedBy(e, SSLException.class) || causedBy(e, java.security.cert.CertificateException.class)) {
      kind = Kind.CONFIGURATION;
    }
    String detail = unreachable(e);
    if (detail == null) detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new MailConnectionException(kind, context + ": " + detail, e);
  }

  /** Why the server could not be reached, in plain words; null when it was reached (or the cause is unknown). */
  static String unreachable(Throwable e) {
    UnknownHostException unknown = cause(e, UnknownHostException.class);
    if (unknown != null) {
      String message = unknown.getMessage() == null ? "" : unknown.getMessage();
      int colon = message.indexOf(": "); // "name: Name or service not known"
      return "unknown host " + (colon > 0 ? message.substring(0, colon) : message)
          + " (the name does not resolve to an address)";
    }
    NoRouteToHostException noRoute = cause(e, NoRouteToHostException.class);
    if (noRoute != null) return "no route to host";
    ConnectException refused = cause(e, ConnectException.class);
    if (refused != null) {
      String message = refused.getMessage() == null ? "" : refused.getMessage();
      return message.toLowerCase(Locale.ROOT).contains("refused")
          ? "connection refused (nothing listens on that port, or a firewall rejects the connection)"
          : "connect failed: " + message;
    }
    MailConnectException connect = cause(e, MailConnectException.class);
    if (connect != null && cause(e, SocketTimeoutException.class) != null) {
      return "connect timed out after " + connect.getConnectionTimeout() + " ms (SyncOptions.connectTimeout)";
    }
    return null;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return type.cast(c);
      if (c instanceof MessagingException me && me.getNextException() != null && me.getNextException() != c.getCause()) {
        T found = cause(me.getNextException(), type);
        if (found != null) return found;
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    return cause(t, type) != null;
  }

  /** True for failures where the connection itself is likely unusable afterwards. */
  public static boolean connectionBroken(Exception e) {
    return causedBy(e, IOException.class) || causedBy(e, jakarta.mail.FolderClosedException.class)
        || causedBy(e, jakarta.mail.StoreClosedException.class);
  }
}
