package io.mailmind.testkit.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What was written to {@code System.err} while one test (or one test class outside its tests) ran: the slf4j-simple
 * log lines and any stack traces, from every thread. {@link LogCaptureExtension} fills it; a test gets its own by
 * declaring a parameter of this type, which also tells the extension that the test expects the WARN and ERROR lines
 * it provokes (it asserts on them instead).
 *
 * <pre>{@code
 * @Test
 * void refusedConnectionIsLogged(CapturedLog log) {
 *   ...
 *   assertThat(log.warnings()).anyMatch(line -> line.contains("Connection refused"));
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CapturedLog {
  /**
   * The level of an slf4j-simple line: {@code [thread] WARN logger - message}, optionally after a time
   * ({@code HH:mm:ss.SSS}), with or without brackets around the level.
   */
  private static final Pattern LEVEL = Pattern.compile(
      "^(?:\\d{2}:\\d{2}:\\d{2}\\.\\d{3} )?(?:\\[[^\\]]*\\] )?\\[?(TRACE|DEBUG|INFO|WARN|ERROR)\\]? ");

  private final String name;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile boolean claimed;

  CapturedLog(String name) {
    this.name = name;
  }

  /** The test (or class) whose output this is. */
  public String name() {
    return name;
  }

  synchronized void write(byte[] b, int off, int len) {
    bytes.write(b, off, len);
  }

  /** Everything captured so far. */
  public synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Every captured line, stack-trace lines included. */
  public List<String> lines() {
    return text().lines().toList();
  }

  /** The log lines of this level ({@code WARN}, {@code ERROR}, {@code INFO}, ...), without their stack traces. */
  public List<String> lines(String level) {
    return lines().stream().filter(line -> level.equals(level(line))).toList();
  }

  /** The WARN lines. */
  public List<String> warnings() {
    return lines("WARN");
  }

  /** The ERROR lines. */
  public List<String> errors() {
    return lines("ERROR");
  }

  /** The WARN and ERROR lines, in order. */
  public List<String> warningsAndErrors() {
    return lines().stream().filter(CapturedLog::warnOrError).toList();
  }

  /** The number of stack-trace lines ({@code at ...}). */
  public long stackTraceLines() {
    return lines().stream().filter(line -> line.stripLeading().startsWith("at ")).count();
  }

  /** True when some captured text contains the fragment. */
  public boolean contains(String fragment) {
    return text().contains(fragment);
  }

  /** Forgets what was captured so far (for a test that asserts on the output of one step only). */
  public synchronized void clear() {
    bytes.reset();
  }

  /** Marks the WARN and ERROR lines as expected by the test. */
  void claim() {
    claimed = true;
  }

  boolean claimed() {
    return claimed;
  }

  static boolean warnOrError(String line) {
    String level = level(line);
    return "WARN".equals(level) || "ERROR".equals(level);
  }

  /** The slf4j-simple level of a line, or null when it is not a log line. */
  static String level(String line) {
    Matcher matcher = LEVEL.matcher(line);
    return matcher.find() ? matcher.group(1) : null;
  }

  @Override
  public String toString() {
    return "CapturedLog[" + name + "]";
  }
}
