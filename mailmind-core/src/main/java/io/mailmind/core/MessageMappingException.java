package io.mailmind.core;

/**
 * One message could not be read. Recorded on the message (state {@code error}) and never fatal to a folder.
 */
public class MessageMappingException extends MailmindException {
  private static final long serialVersionUID = 1L;

  public MessageMappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
