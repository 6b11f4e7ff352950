package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mailmind} launcher's start-up cache and JIT choice (issue 16): the first {@code sync} after a build
 * records a class-data-sharing archive (JDK 17 to 24) or an AOT cache (JDK 25+) beside the jar, later commands map
 * their classes from it; a sync runs with the compiler directives of {@code src/main/jvm}; stdout still carries
 * exactly the JSON line; a sync starts G1's marking at a fixed occupancy. Runs the real launcher with the JDK running this
 * test, from a copy of the repository's layout (the launcher and the packaged jar), so it needs {@code package}:
 * it runs in {@code verify} with the other *IT tests.
 */
class LauncherStartupCacheIT {
  @TempDir
  Path layout;
  private Path launcher;
  private Path target;

  @Test
  void firstSyncRecordsTheCacheAndLaterRunsLoadClassesFromIt() throws Exception {
    try (DemoServer server = SeededServer.start()) {
      Map<String, String> env = env(server);

      Run help = run(launcher, env, "--help");
      assertThat(help.status).as(help.err).isZero();
      assertThat(help.err).as("only a sync takes the compiler directives").doesNotContain("compiler directives");
      assertThat(caches(target)).as("only a sync records the cache").isEmpty();

      Run first = run(launcher, env, sync(server, "first"));
      assertThat(first.status).as(first.err).isZero();
      assertThat(first.out.lines().toList()).as("stdout: exactly the summary line").singleElement().asString()
          .startsWith("{\"account\":\"robin@127.0.0.1\"").contains("\"messages_new\":");
      assertThat(caches(target)).as("the first sync wrote the cache beside the jar").hasSize(1);

      Map<String, String> logged = new java.util.HashMap<>(env);
      logged.put("MAILMIND_JAVA_OPTS", "-Xlog:class+load=info:stderr -XX:+CompilerDirectivesPrint");
      Run second = run(launcher, logged, sync(server, "second"));
      assertThat(second.status).as(second.err).isZero();
      assertThat(second.out.lines().toList()).singleElement().asString().startsWith("{\"account\":");
      // (lambdas the recording run did not meet are spun at run time, as without a cache)
      assertThat(second.err.lines().filter(line -> line.contains("io.mailmind.core.internal.sync.")
          && !line.contains("$$Lambda")))
          .as("engine classes come from the cache").isNotEmpty()
          .allMatch(line -> line.contains("shared objects file"));
      assertThat(second.err).as("the sync's compiler directives, printed on stderr")
          .contains("2 compiler directives added", "io/mailmind/core/internal/mime/Base64Stream.*");

      Map<String, String> off = new java.util.HashMap<>(logged);
      off.put("MAILMIND_STARTUP_CACHE", "off");
      Run without = run(launcher, off, sync(server, "third"));
      assertThat(without.status).as(without.err).isZero();
      assertThat(without.err.lines().filter(line -> line.contains("io.mailmind.core.internal.sync.")))
          .isNotEmpty().noneMatch(line -> line.contains("shared objects file"));
    }
  }

  @Test
  void aStaleCacheIsRecordedAgainByTheNextSync() throws Exception {
    try (DemoServer server = SeededServer.start()) {
      Map<String, String> env = env(server);
      assertThat(run(launcher, env, sync(server, "a")).status).isZero();
      Path cache = caches(target).get(0);
      long jar = Files.getLastModifiedTime(target.resolve("mailmind.jar")).toMillis();
      // as if the jar had been rebuilt after the cache was recorded
      Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.fromMillis(jar - 60_000));
      Run again = run(launcher, env, sync(server, "b"));
      assertThat(again.status).as(again.err).isZero();
      assertThat(again.out.lines().toList()).singleElement().asString().startsWith("{\"account\":");
      assertThat(caches(target)).singleElement().satisfies(path -> assertThat(
          Files.getLastModifiedTime(path).toMillis()).as("recorded again").isGreaterThan(jar));
    }
  }

  @Test
  void aSyncStartsG1MarkingAtSeventyPercentUnlessTheOptionsChooseTheCollector() throws Exception {
    Map<String, String> flags = Map.of("MAILMIND_JAVA_OPTS", "-XX:+PrintFlagsFinal", "MAILMIND_STARTUP_CACHE", "off",
        "JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
    // a sync with a bad option: the JVM starts with the launcher's options, prints its flags, and the CLI exits 2
    Run sync = run(launcher, flags, "sync", "--no-such-option");
    assertThat(sync.status).as(sync.err).isEqualTo(2);
    assertThat(flag(sync, "InitiatingHeapOccupancyPercent")).isEqualTo("70");
    assertThat(flag(sync, "G1UseAdaptiveIHOP")).isEqualTo("false");
    assertThat(sync.out).as("the flags go to stderr: stdout is for JSON only").isEmpty();

    Run help = run(launcher, flags, "--help");
    assertThat(flag(help, "G1UseAdaptiveIHOP")).as("only a sync").isEqualTo("true");

    Map<String, String> off = new java.util.HashMap<>(flags);
    off.put("MAILMIND_GC", "default");
    assertThat(flag(run(launcher, off, "sync", "--no-such-option"), "G1UseAdaptiveIHOP")).isEqualTo("true");

    Map<String, String> parallel = new java.util.HashMap<>(flags);
    parallel.put("MAILMIND_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseParallelGC");
    Run chosen = run(launcher, parallel, "sync", "--no-such-option");
    assertThat(flag(chosen, "UseParallelGC")).isEqualTo("true");
    assertThat(flag(chosen, "G1UseAdaptiveIHOP")).as("the options chose the collector").isEqualTo("true");
  }

  /** A flag's value in {@code -XX:+PrintFlagsFinal}'s table on stderr. */
  private static String flag(Run run, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s" + name + "\\s+=\\s+(\\S+)").matcher(run.err);
    assertThat(m.find()).as(name + " in " + run.err.length() + " characters of stderr").isTrue();
    return m.group(1);
  }

  /** The repository's layout as the launcher needs it: itself, the packaged jar, the compiler directives. */
  @BeforeEach
  void copyLayout() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("mvnw"))) root = root.getParent();
    assertThat(root).as("the repository above " + Path.of("").toAbsolutePath()).isNotNull();
    launcher = layout.resolve("mailmind");
    Files.copy(root.resolve("mailmind"), launcher);
    launcher.toFile().setExecutable(true);
    target = Files.createDirectories(layout.resolve("mailmind-examples/target"));
    Path jar = root.resolve("mailmind-examples/target/mailmind.jar");
    assertThat(jar).as("the packaged CLI jar (run in verify, after package)").isRegularFile();
    Files.copy(jar, target.resolve("mailmind.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    Path directives = Path.of("src/main/jvm/sync-compiler-directives.json");
    Files.createDirectories(layout.resolve("mailmind-examples/src/main/jvm"));
    Files.copy(root.resolve("mailmind-examples").resolve(directives), layout.resolve("mailmind-examples").resolve(directives),
        StandardCopyOption.COPY_ATTRIBUTES);
    // older than the jar, as in a built checkout: the launcher rebuilds when a source or source directory is newer
    java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(target.resolve("mailmind.jar"));
    java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.fromMillis(built.toMillis() - 1000);
    for (Path p = layout.resolve("mailmind-examples").resolve(directives); !p.equals(layout.resolve("mailmind-examples"));
        p = p.getParent()) {
      Files.setLastModifiedTime(p, before);
    }
  }

  private String[] sync(DemoServer server, String db) {
    return new String[] {"sync", "--host", DemoServer.HOST, "--port", String.valueOf(server.port()), "--security",
        "plain", "--user", SampleMailbox.USER, "--password-env", "IMAP_PASSWORD",
        "--db", "jdbc:h2:file:" + layout.resolve("db-" + db).resolve("mailmind")};
  }

  /** The server's password, and the JDK running this test for the launcher. */
  private static Map<String, String> env(DemoServer server) {
    return Map.of("IMAP_PASSWORD", server.password(), "JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
  }

  private static List<Path> caches(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("mailmind-.*\\.(jsa|aot)")).toList();
    }
  }

  private record Run(int status, String out, String err) {}

  private static Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(launcher.getParent().toFile());
    builder.environment().remove("MAILMIND_JAVA_OPTS");
    builder.environment().remove("MAILMIND_STARTUP_CACHE");
    builder.environment().remove("MAILMIND_GC");
    builder.environment().putAll(env);
    Path out = Files.createTempFile(launcher.getParent(), "out", ".txt");
    Path err = Files.createTempFile(launcher.getParent(), "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not finish in 120 s: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
