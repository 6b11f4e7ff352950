package io.mailmind.core;

/** A {@link io.mailmind.core.spi.MailStore} failed. The message names the operation and the keys concerned. */
public class MailStoreException extends MailmindException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  public MailStoreException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public MailStoreException(String message) {
    this(message, null, null);
  }

  /** For stores over SQL: {@code sqlState} is the SQLSTATE of the failure, or null. */
  public MailStoreException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /** The SQLSTATE of the failure, or null when not from SQL. */
  public String sqlState() {
    return sqlState;
  }
}
