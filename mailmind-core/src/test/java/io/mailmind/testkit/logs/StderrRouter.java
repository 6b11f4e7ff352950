package io.mailmind.testkit.logs;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code System.err} of a test JVM once {@link #install()} ran: writes go to the {@link CapturedLog} of the
 * running test (or class), and to the console only when none runs. slf4j-simple writes to whatever
 * {@code System.err} is at the time of each line (its default {@code logFile=System.err}), so its lines follow.
 * Tests run one at a time (JUnit's default), so one current capture serves every thread. Thread-safe.
 */
final class StderrRouter extends OutputStream {
  private static PrintStream console;
  private static volatile CapturedLog current;

  private StderrRouter() {}

  /** Once per JVM: makes {@code System.err} a router; the stream it replaced stays the console. */
  static synchronized void install() {
    if (console != null) return;
    console = System.err;
    System.setErr(new PrintStream(new StderrRouter(), true, StandardCharsets.UTF_8));
  }

  /** The real standard error (surefire's), for what must reach the console whatever a test captures. */
  static synchronized PrintStream console() {
    return console != null ? console : System.err;
  }

  static CapturedLog current() {
    return current;
  }

  static void current(CapturedLog log) {
    current = log;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    CapturedLog log = current;
    if (log != null) {
      log.write(b, off, len);
    } else {
      PrintStream out = console();
      out.write(b, off, len);
      out.flush();
    }
  }
}
