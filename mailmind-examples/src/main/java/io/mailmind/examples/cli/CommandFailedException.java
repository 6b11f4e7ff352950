package io.mailmind.examples.cli;

/** A command could not do its work (server, database or file trouble): exit status 1 and a one-line message. */
final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  CommandFailedException(String message) {
    super(message);
  }
}
