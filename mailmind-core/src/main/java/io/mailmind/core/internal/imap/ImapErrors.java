package io.mailmind.core.internal.imap;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailConnectionException.Kind;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import javax.net.ssl.SSLException;

/** Turns Jakarta Mail's checked exceptions into {@link MailConnectionException}s with context. */
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
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new MailConnectionException(kind, context + ": " + detail, e);
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) return true;
      if (c instanceof MessagingException me && me.getNextException() != null && me.getNextException() != c.getCause()) {
        if (causedBy(me.getNextException(), type)) return true;
      }
    }
    return false;
  }

  /** True for failures where the connection itself is likely unusable afterwards. */
  public static boolean connectionBroken(Exception e) {
    return causedBy(e, IOException.class) || causedBy(e, jakarta.mail.FolderClosedException.class)
        || causedBy(e, jakarta.mail.StoreClosedException.class);
  }
}
