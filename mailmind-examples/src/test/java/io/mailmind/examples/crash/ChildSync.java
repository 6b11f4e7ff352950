package io.mailmind.examples.crash;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs syncs in child JVMs (the current {@code java} and the test classpath): {@link #killAt} runs
 * {@code CrashSyncChild} and kills it with SIGKILL ({@link Process#destroyForcibly()}) right after the k-th
 * commit line of a phase, optionally after a small random extra delay; {@link #syncToEnd} runs the command
 * line's real {@code sync} to its end. Not thread-safe.
 */
final class ChildSync {
  static final String CHILD_MAIN = "io.mailmind.examples.cli.CrashSyncChild";
  static final String CLI_MAIN = "io.mailmind.examples.cli.MailmindCli";
  static final String PASSWORD_ENV = "CRASH_IMAP_PASSWORD";
  private static final long LINE_TIMEOUT_SECONDS = 120;
  private static final String EOF = new String("end of stdout");

  /** A phase of the sync, named as the child's lines start. */
  enum Phase {
    METADATA, CONTENT, MARKDOWN;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How long the parent waits between the chosen line and the kill. */
  enum Wait {
    /** None: the kill lands right after the commit. */
    NONE,
    /** A random 1-60 ms: the kill lands inside the next batch. */
    SHORT,
    /**
     * The child pauses 2 s after each metadata commit (as behind a slow server); the parent kills a random
     * 600-1400 ms into that pause, after H2's write delay (500 ms) has put the commit on disk. Without it a kill
     * within a second of a commit mostly finds H2 lost it, and the next sync starts from what was there before.
     */
    PERSISTED
  }

  /**
   * Kill after the child printed its {@code k}-th line of {@code phase} and the parent waited {@code delay}. The
   * child stores metadata in batches of 20 and content in batches of 8 (many commit points), or, when
   * {@code cliBatches}, in the command line's batches (500 and 50: a folder's metadata in one transaction).
   */
  record KillPoint(Phase phase, int k, Wait delay, boolean cliBatches) {
    static KillPoint after(Phase phase, int k) {
      return new KillPoint(phase, k, Wait.NONE, false);
    }

    static KillPoint inside(Phase phase, int k) {
      return new KillPoint(phase, k, Wait.SHORT, false);
    }

    /** After the {@code k}-th metadata commit, once H2 has written it to disk (see {@link Wait#PERSISTED}). */
    static KillPoint persistedMetadata(int k) {
      return new KillPoint(Phase.METADATA, k, Wait.PERSISTED, false);
    }

    /** The same point in a child with the command line's batch sizes. */
    KillPoint withCliBatches() {
      return new KillPoint(phase, k, delay, true);
    }

    List<String> childArgs() {
      List<String> args = new ArrayList<>();
      if (!cliBatches) args.addAll(List.of("--batch-size", "8", "--metadata-batch-size", "20"));
      if (delay == Wait.PERSISTED) args.addAll(List.of("--pause-after-metadata-ms", "2000"));
      return args;
    }

    long waitMillis(Random random) {
      return switch (delay) {
        case NONE -> 0;
        case SHORT -> 1 + random.nextInt(60);
        case PERSISTED -> 600 + random.nextInt(800);
      };
    }

    @Override
    public String toString() {
      return phase.word() + "#" + k + switch (delay) {
        case NONE -> "";
        case SHORT -> "+delay";
        case PERSISTED -> "+persisted";
      } + (cliBatches ? " (CLI batches)" : "");
    }
  }

  /** What happened to one child: killed (where) or ran to its end (exit code). */
  record Outcome(boolean killed, String description) {
    @Override
    public String toString() {
      return description;
    }
  }

  /** A child that ran to its end. */
  record Finished(int exitCode, String stdout, String stderrTail) {}

  private final Path logDir;
  private final Random random;
  private int children;

  ChildSync(Path logDir, Random random) {
    this.logDir = logDir;
    this.random = random;
  }

  /** The arguments of {@code sync} for the crash mailbox and a store. */
  static List<String> syncArgs(int imapPort, String dbUrl, String dbUser) {
    List<String> args = new ArrayList<>(List.of("--host", CrashMailbox.HOST, "--port", String.valueOf(imapPort),
        "--security", "plain", "--user", CrashMailbox.USER, "--password-env", PASSWORD_ENV, "--db", dbUrl));
    if (dbUser != null) args.addAll(List.of("--db-user", dbUser));
    return args;
  }

  /**
   * Runs {@code CrashSyncChild} and kills it at {@code point}. A point of the metadata phase
   * that is not reached before the first content or Markdown line (earlier kills already stored that metadata)
   * kills at that line instead; a point not reached before the sync finishes is reported as not killed.
   */
  Outcome killAt(KillPoint point, List<String> syncArgs) throws Exception {
    List<String> args = new ArrayList<>(syncArgs);
    args.addAll(point.childArgs());
    Path stderr = logDir.resolve("child-" + (++children) + ".err");
    Process process = start(CHILD_MAIN, args, stderr);
    BlockingQueue<String> lines = readLines(process);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Phase phase : Phase.values()) counts.put(phase.word(), 0);
    try {
      while (true) {
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
          throw new AssertionError("the child printed nothing for " + LINE_TIMEOUT_SECONDS + " s while waiting for "
              + point + " (counts " + counts + "); stderr " + stderr + ": " + tail(stderr));
        }
        if (line == EOF) {
          int exit = process.waitFor();
          return new Outcome(false, "not killed: the sync ended before " + point + " (exit " + exit + ", printed "
              + counts + ")" + (exit == 0 ? "" : "; stderr: " + tail(stderr)));
        }
        String word = line.split(" ", 2)[0];
        if (!counts.containsKey(word)) continue;
        int k = counts.merge(word, 1, Integer::sum);
        boolean reached = word.equals(point.phase().word()) && k == point.k();
        boolean passed = point.phase() == Phase.METADATA && !word.equals("metadata");
        if (!reached && !passed) continue;
        String at = word + "#" + k + (passed ? " (" + point + " not reached)" : "");
        long delay = point.waitMillis(random);
        if (delay > 0) {
          Thread.sleep(delay);
          at += " +" + delay + " ms";
        }
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the killed child did not end in 60 s");
        Map<String, Integer> printed = new LinkedHashMap<>(counts);
        for (String rest = lines.poll(10, TimeUnit.SECONDS); rest != null && rest != EOF;
            rest = lines.poll(10, TimeUnit.SECONDS)) {
          printed.computeIfPresent(rest.split(" ", 2)[0], (key, n) -> n + 1);
        }
        return new Outcome(true, "killed after " + at + " (exit " + process.exitValue() + ", had printed " + printed + ")");
      }
    } finally {
      process.destroyForcibly();
    }
  }

  /** Runs the command line's {@code sync} in a child JVM to its end. */
  Finished syncToEnd(List<String> syncArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("sync"));
    args.addAll(syncArgs);
    Path stderr = logDir.resolve("sync-" + (++children) + ".err");
    Process process = start(CLI_MAIN, args, stderr);
    BlockingQueue<String> lines = readLines(process);
    StringBuilder stdout = new StringBuilder();
    try {
      for (String line = lines.poll(5, TimeUnit.MINUTES); line != EOF; line = lines.poll(5, TimeUnit.MINUTES)) {
        if (line == null) throw new AssertionError("the final sync printed nothing for 5 minutes; stderr: " + tail(stderr));
        stdout.append(line).append('\n');
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the final sync did not exit after its output");
      return new Finished(process.exitValue(), stdout.toString(), tail(stderr));
    } finally {
      process.destroyForcibly();
    }
  }

  private static Process start(String mainClass, List<String> args, Path stderr) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", testClasspath(), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put(PASSWORD_ENV, CrashMailbox.PASSWORD);
    return builder.start();
  }

  private static BlockingQueue<String> readLines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
      } catch (IOException e) {
        // the pipe breaks when the child is killed: the end of its output
      } finally {
        lines.add(EOF);
      }
    }, "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire runs tests from a manifest-only jar; it names the real classpath in this property. */
  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /** The last lines of a child's stderr, for a failure message. */
  static String tail(Path file) {
    try {
      List<String> all = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
