package io.mailmind.examples.cli;

/** Bad usage of the command line: exit status 2 and a one-line message naming the bad option. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
