package io.mailmind.core.internal.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Releasing resources on paths where a failure to release changes nothing: a connection already broken, a socket
 * closed to end a read, a temporary file. Stateless and thread-safe.
 */
public final class Closeables {
  private Closeables() {}

  /**
   * Closes {@code resource} (a socket, a Jakarta Mail store, a stream), ignoring what closing it throws: the caller
   * is giving it up because it is broken or no longer wanted, and has nothing better to do with a second failure.
   * Does nothing for {@code null}. Errors ({@link Error}) still propagate.
   */
  public static void closeQuietly(AutoCloseable resource) {
    if (resource == null) return;
    try {
      resource.close();
    } catch (Exception e) {
      // already broken, or closed by someone else
    }
  }

  /** Deletes a temporary {@code file} if it exists, ignoring failures; does nothing for {@code null}. */
  public static void deleteQuietly(Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary file; nothing else to do
    }
  }
}
