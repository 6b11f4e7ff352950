package io.mailmind.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Mailmind;
import io.mailmind.jdbc.JdbcMailStore;
import jakarta.mail.Flags;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The issue 15 "done when": a fresh Maven project made of the README's dependencies and quick start only builds
 * against the installed artifacts and mirrors a mailbox. Runs in {@code verify} (surefire execution
 * {@code quick-start}, phase integration-test), when the reactor's jars exist.
 *
 * <ol>
 *   <li>"{@code ./mvnw install}" into a private local repository ({@code target/quick-start/repo}): the parent
 *       and BOM poms and the core and JDBC jars and poms of this build, laid out as install lays them out. The
 *       shared {@code ~/.m2} is only read, as the chained tail of that repository (Maven 3.9
 *       {@code maven.repo.local.tail}), for everything else.</li>
 *   <li>A project with the README's {@code <dependencies>} and {@code EmbeddingExample.java} as quoted, built
 *       offline with the wrapper ({@code package}: its jar's manifest lists the runtime class path).</li>
 *   <li>The program runs in its own JVM against GreenMail behind implicit TLS (a certificate for 127.0.0.1 that
 *       the JVM is told to trust): it reports the first sync, then new mail; SIGTERM reaches {@code close()}
 *       through its shutdown hook; the SQLite file holds every message.</li>
 * </ol>
 */
class QuickStartIT {
  @Test
  @DisplayName("the README's quick start builds in a fresh project against the installed artifacts, mirrors a mailbox")
  void readmeQuickStartBuildsAndMirrors() throws Exception {
    QuickStartReadme readme = QuickStartReadme.read();
    Path work = Path.of(System.getProperty("mailmind.buildDir", "target")).resolve("quick-start").toAbsolutePath();
    deleteRecursively(work);
    Path repo = Files.createDirectories(work.resolve("repo"));
    Path project = Files.createDirectories(work.resolve("project"));
    String version = QuickStartReadme.element(Files.readString(readme.root.resolve("pom.xml")),
        "<artifactId>mailmind-parent</artifactId>", "version");

    install(repo, "mailmind-parent", version, readme.root.resolve("pom.xml"), null);
    install(repo, "mailmind-bom", version, readme.root.resolve("mailmind-bom.xml"), null);
    install(repo, "mailmind-core", version, readme.root.resolve("mailmind-core/pom.xml"), jarOf(Mailmind.class));
    install(repo, "mailmind-jdbc", version, readme.root.resolve("mailmind-jdbc/pom.xml"), jarOf(JdbcMailStore.class));

    Files.writeString(project.resolve("pom.xml"), projectPom(readme));
    Path source = project.resolve("src/main/java/io/mailmind/examples/EmbeddingExample.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, readme.javaSource());
    Path localRepository = Path.of(System.getProperty("mailmind.localRepository",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    build(readme.root, project, repo, localRepository, work.resolve("maven.log"));
    String classpath = runtimeClasspath(project, repo, localRepository, version);

    GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    try (TlsProxy tls = TlsProxy.start(work, greenMail.getImap().getPort())) {
      greenMail.setUser("ann@example.org", "ann", "quick-start");
      for (int i = 1; i <= 2; i++) deliver(greenMail, i);
      ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djavax.net.ssl.trustStore=" + tls.trustStore(), "-Djavax.net.ssl.trustStoreType=PKCS12",
          "-Djavax.net.ssl.trustStorePassword=" + TlsProxy.STORE_PASSWORD, "-XX:TieredStopAtLevel=1",
          "-cp", classpath, "io.mailmind.examples.EmbeddingExample")
          .directory(project.toFile())
          .redirectError(work.resolve("program.err").toFile())
          .redirectOutput(work.resolve("program.out").toFile());
      run.environment().put("IMAP_HOST", "127.0.0.1");           // the account, as the README sets it
      run.environment().put("IMAP_PORT", String.valueOf(tls.port()));
      run.environment().put("IMAP_USER", "ann");
      run.environment().put("IMAP_PASSWORD", "quick-start");
      Process program = run.start();
      program.getOutputStream().close();
      Path out = work.resolve("program.out");
      try {
        awaitLine(out, "mirrored 2 messages, 0 errors", program, work);
        deliver(greenMail, 3);
        awaitLine(out, "1 new message(s) in Inbox", program, work);
        program.destroy(); // SIGTERM, as Ctrl-C or a service manager
        awaitLine(out, "stopped", program, work);
        assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        program.destroyForcibly();
      }
      assertThat(Files.readString(work.resolve("program.err"))).as("the program's log")
          .contains("Mailmind shutdown completed.");
    } finally {
      greenMail.stop();
    }
    try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + project.resolve("mailmind-data/mail.db"));
         Statement statement = sqlite.createStatement();
         ResultSet count = statement.executeQuery(
             "SELECT COUNT(*) FROM mm_message_steps WHERE content_state = 'COMPLETE'")) {
      assertThat(count.next()).isTrue();
      assertThat(count.getInt(1)).isEqualTo(3);
    }
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(location.toString()).as(type.getSimpleName() + " must come from its packaged jar (run ./mvnw verify)")
        .endsWith(".jar");
    return location;
  }

  /** Lays the artifact out as maven-install-plugin does (a locally built snapshot: no remote tracking file). */
  private static void install(Path repo, String artifactId, String version, Path pom, Path jar) throws IOException {
    Path dir = Files.createDirectories(repo.resolve("io/mailmind").resolve(artifactId).resolve(version));
    Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
    if (jar != null) Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
  }

  /** A new project: the README's dependencies; plugin versions pinned to the parent's, so it builds offline. */
  private static String projectPom(QuickStartReadme readme) throws IOException {
    String parent = Files.readString(readme.root.resolve("pom.xml"));
    StringBuilder plugins = new StringBuilder();
    for (String plugin : List.of("maven-compiler-plugin", "maven-resources-plugin", "maven-surefire-plugin",
        "maven-jar-plugin", "maven-install-plugin", "maven-clean-plugin")) {
      plugins.append("      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(plugin)
          .append("</artifactId><version>")
          .append(QuickStartReadme.element(parent, "<artifactId>" + plugin + "</artifactId>", "version"))
          .append("</version></plugin>\n");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>quick-start</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
        %s
          <build>
            <pluginManagement>
              <plugins>
        %s      </plugins>
            </pluginManagement>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-jar-plugin</artifactId>
                <configuration>
                  <archive>
                    <manifest>
                      <addClasspath>true</addClasspath>
                      <classpathLayoutType>repository</classpathLayoutType>
                      <useUniqueVersions>false</useUniqueVersions>
                    </manifest>
                  </archive>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(readme.dependencies(), plugins);
  }

  private static void build(Path root, Path project, Path repo, Path localRepository, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-B", "-q",
        "-f", project.resolve("pom.xml").toString(),
        "-Dmaven.repo.local=" + repo, "-Dmaven.repo.local.tail=" + localRepository,
        "package", "-DskipTests")
        .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
    maven.environment().remove("MAVEN_ARGS");
    Process process = maven.start();
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    if (!ended) process.destroyForcibly();
    assertThat(ended && process.exitValue() == 0)
        .as("the quick-start project builds:\n" + Files.readString(log)).isTrue();
  }

  /** target/classes and the jar manifest's Class-Path, each entry found in the private repository or its tail. */
  private static String runtimeClasspath(Path project, Path repo, Path localRepository, String version)
      throws IOException {
    List<String> entries = new ArrayList<>(List.of(project.resolve("target/classes").toString()));
    try (JarFile jar = new JarFile(project.resolve("target/quick-start-1.0.jar").toFile())) {
      String manifest = jar.getManifest().getMainAttributes().getValue("Class-Path");
      for (String entry : manifest.trim().split("\\s+")) {
        Path head = repo.resolve(entry);
        Path found = Files.exists(head) ? head : localRepository.resolve(entry);
        assertThat(found).as("a runtime dependency of the quick start").exists();
        entries.add(found.toString());
      }
    }
    assertThat(entries).anyMatch(e -> e.startsWith(repo.toString()) && e.contains("mailmind-core-" + version));
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static void deliver(GreenMail greenMail, int n) throws Exception {
    greenMail.getManagers().getImapHostManager().getInbox(greenMail.getUserManager().getUser("ann"))
        .appendMessage(GreenMailUtil.newMimeMessage(ExampleServer.html(n)), new Flags(), new Date());
  }

  /** Waits (at most 60 s) until the program's stdout has the line {@code wanted}. */
  private static void awaitLine(Path out, String wanted, Process program, Path work) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.readAllLines(out, StandardCharsets.UTF_8).contains(wanted)) return;
      Thread.sleep(100);
    }
    throw new AssertionError("no line '" + wanted + "' from the quick start; stdout:\n" + Files.readString(out)
        + "\nstderr:\n" + Files.readString(work.resolve("program.err")) + "\n" + threads(program));
  }

  /** The program's threads (jcmd Thread.print), or how it ended. */
  private static String threads(Process program) throws IOException, InterruptedException {
    if (!program.isAlive()) return "the program ended with status " + program.exitValue();
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(program.pid()), "Thread.print").redirectErrorStream(true).start();
    String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return "the program still runs:\n" + dump;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
  }
}
