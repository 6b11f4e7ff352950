package io.mailmind.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import io.mailmind.testkit.logs.LogCaptureExtension;
import org.junit.jupiter.api.Assumptions;

/**
 * Gates tests that need a server outside the JVM (Dovecot, PostgreSQL, MariaDB). When the server is absent the
 * test is skipped with a visible message, unless the system property {@code mailmind.requireServers} is
 * {@code true} (set by {@code .ci/run}): then its absence fails the test.
 */
public final class ExternalServers {
  private ExternalServers() {}

  /** True when {@code -Dmailmind.requireServers=true}. */
  public static boolean required() {
    return Boolean.getBoolean("mailmind.requireServers");
  }

  /** True when something accepts TCP connections on host:port within a second. */
  public static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Skips (or, when servers are required, fails) the calling test unless {@code available}.
   *
   * @param what   the server, for the message (for example "PostgreSQL on 127.0.0.1:5432")
   * @param reason why it is considered absent
   */
  public static void assume(boolean available, String what, String reason) {
    if (available) return;
    String message = what + " is not available (" + reason + ")";
    if (required()) {
      throw new AssertionError(message + " and -Dmailmind.requireServers=true forbids skipping");
    }
    LogCaptureExtension.console().println("SKIPPED: " + message + "; set up the server to run this test");
    Assumptions.abort(message);
  }

  /** {@link #assume} on a TCP port. */
  public static void assumeReachable(String what, String host, int port) {
    assume(reachable(host, port), what + " on " + host + ":" + port, "nothing listens there");
  }
}
