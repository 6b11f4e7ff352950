package io.mailmind.core;

/** A {@link io.mailmind.core.spi.MailStore} failed. The message names the operation and the keys concerned. */
public class MailStoreException extends MailmindException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;
  private final boolean unavailable;

  public MailStoreException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public MailStoreException(String message) {
    this(message, null, null);
  }

  /** For stores over SQL: {@code sqlState} is the SQLSTATE of the failure, or null. */
  public MailStoreException(String message, String sqlState, Throwable cause) {
    this(message, sqlState, cause, false);
  }

  /**
   * @param unavailable true when the store could not be reached at all (its own retries included): the failure is
   *                    not the data's, so the engine does not retry the call message by message
   */
  public MailStoreException(String message, String sqlState, Throwable cause, boolean unavailable) {
    super(message, cause);
    this.sqlState = sqlState;
    this.unavailable = unavailable;
  }

  /** Whether the store could not be reached (a database down past the store's retries), not the data's fault. */
  public boolean isUnavailable() {
    return unavailable;
  }

  /** The SQLSTATE of the failure, or null when not from SQL. */
  public String sqlState() {
    return sqlState;
  }
}
