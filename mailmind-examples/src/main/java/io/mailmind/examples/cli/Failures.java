package io.mailmind.examples.cli;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.MailmindException;

/** One-line descriptions of failures for stderr: what failed, never a secret. */
final class Failures {
  private Failures() {}

  static String describe(Throwable error) {
    if (error instanceof MailConnectionException) {
      MailConnectionException connection = (MailConnectionException) error;
      switch (connection.kind()) {
        case AUTHENTICATION:
          return "the server refused the login: " + Redact.rootMessage(error);
        case CONFIGURATION:
          return "cannot use the server as configured: " + Redact.rootMessage(error);
        case PROTOCOL:
          return "the server broke the IMAP protocol or a limit: " + Redact.rootMessage(error);
        default:
          return "connection failed: " + Redact.rootMessage(error);
      }
    }
    if (error instanceof MailStoreException) return "the store failed: " + Redact.rootMessage(error);
    if (error instanceof MailmindException) return Redact.rootMessage(error);
    return error.getClass().getSimpleName() + ": " + Redact.rootMessage(error);
  }
}
