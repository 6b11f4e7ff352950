package io.mailmind.core;

/**
 * The root of every exception Mailmind throws. Unchecked; messages name the account, folder and UID concerned,
 * never a password, token or message content.
 */
public abstract class MailmindException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected MailmindException(String message, Throwable cause) {
    super(message, cause);
  }

  protected MailmindException(String message) {
    super(message);
  }
}
