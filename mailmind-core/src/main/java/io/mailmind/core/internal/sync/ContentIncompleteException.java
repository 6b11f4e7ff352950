package io.mailmind.core.internal.sync;

/**
 * A content batch stored what it got, but the server returned no body for some of its UIDs (expunged
 * meanwhile, or a server fault): the folder is left marked incomplete so the next sync looks again. Not an
 * error for the host.
 */
final class ContentIncompleteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ContentIncompleteException(String message) {
    super(message, null, false, false);
  }
}
