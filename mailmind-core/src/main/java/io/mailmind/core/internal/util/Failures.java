package io.mailmind.core.internal.util;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Reading failures that crossed a thread boundary. Stateless and thread-safe. */
public final class Failures {
  private Failures() {}

  /**
   * The failure a task really raised: {@code failure} without the {@link CompletionException} and
   * {@link ExecutionException} layers that futures and completion stages wrap around it (a wrapper without a cause
   * is kept, as it is all there is).
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
