package io.mailmind.core;

/** Connecting to, logging in to, or talking to an IMAP server failed. */
public class MailConnectionException extends MailmindException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides whether retrying can help. */
  public enum Kind {
    /** Network trouble, a dropped connection, a timeout, a BYE: retrying later may work. */
    TRANSIENT,
    /** The server refused the credentials: retrying with the same ones will not work. */
    AUTHENTICATION,
    /** The server or its certificate is not acceptable (TLS failure, missing capability): fix configuration. */
    CONFIGURATION,
    /**
     * The server broke the IMAP protocol or a response bound ({@code SyncOptions.maxLineBytes},
     * {@code maxLiteralBytes}): a malformed or oversized response. Retrying the same command will not help.
     */
    PROTOCOL
  }

  private final Kind kind;

  public MailConnectionException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** True when retrying later may succeed. */
  public boolean isTransient() {
    return kind == Kind.TRANSIENT;
  }
}
