package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code --attachments} and the embedded default put attachment bytes, and that they read back. */
class AttachmentPlaceTest {
  private static DemoServer server;
  private static Map<String, String> env;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() {
    server = SeededServer.start();
    env = Map.of("IMAP_PASSWORD", server.password());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void embeddedFilesHaveTheirDirectoryBesideThem() {
    assertThat(AttachmentPlace.embeddedFile("jdbc:sqlite:data/mail.db")).contains(Path.of("data/mail"));
    assertThat(AttachmentPlace.embeddedFile("jdbc:sqlite:file:data/mail.db?journal_mode=WAL"))
        .contains(Path.of("data/mail"));
    assertThat(AttachmentPlace.embeddedFile("jdbc:h2:file:./x/mailmind;AUTO_SERVER=TRUE"))
        .contains(Path.of("./x/mailmind"));
    assertThat(AttachmentPlace.embeddedFile("jdbc:h2:./x/mailmind")).contains(Path.of("./x/mailmind"));
    assertThat(AttachmentPlace.embeddedFile("jdbc:h2:~/mm")).contains(Path.of(System.getProperty("user.home"), "mm"));
    for (String url : List.of("jdbc:sqlite::memory:", "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://db/x",
        "jdbc:postgresql://127.0.0.1/test", "jdbc:mariadb://127.0.0.1/test")) {
      assertThat(AttachmentPlace.embeddedFile(url)).as(url).isEmpty();
    }
  }

  @Test
  void aSqliteFileKeepsItsAttachmentsInADirectoryBesideIt() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("mail.db");
    assertThat(sync(url).status).isZero();

    Path files = dir.resolve("mail.attachments");
    Set<String> named = blobFiles(files);
    assertThat(named).isNotEmpty();
    assertThat(stored(url, "SELECT sha256 FROM mm_blobs WHERE location = 'file'")).isEqualTo(named);
    assertThat(stored(url, "SELECT sha256 FROM mm_blob_chunks")).isEmpty();
    assertThat(stored(url, "SELECT blob_sha256 FROM mm_attachments WHERE blob_sha256 IS NOT NULL")).isEqualTo(named);
    for (Path file : files(files)) {
      assertThat(sha256(file)).as(file.toString()).isEqualTo(file.getFileName().toString());
    }
    assertThat(sync(url).status).as("a second sync reads the same store").isZero();
  }

  @Test
  void inTheDatabaseWhenAsked() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("mail.db");
    assertThat(sync(url, "--attachments", "db").status).isZero();
    assertThat(dir.resolve("mail.attachments")).doesNotExist();
    Set<String> blobs = stored(url, "SELECT sha256 FROM mm_blobs WHERE location = 'database'");
    assertThat(blobs).isNotEmpty().isEqualTo(stored(url, "SELECT sha256 FROM mm_blob_chunks"));
  }

  @Test
  void inAChosenDirectory() throws Exception {
    String url = "jdbc:h2:mem:att-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Path chosen = dir.resolve("blobs");
    CliRun run = sync(url, "--attachments", chosen.toString());
    assertThat(run.status).as(run.toString()).isZero();
    assertThat(blobFiles(chosen)).isNotEmpty();
    JsonNode summary = ExportMatcher.parse(run.outLines()).get(0);
    assertThat(summary.get("errors").asLong()).isZero();
  }

  @Test
  void anEmptyValueIsBadUsage() {
    CliRun run = sync("jdbc:sqlite:" + dir.resolve("mail.db"), "--attachments", " ");
    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).contains("--attachments");
  }

  private static CliRun sync(String db, String... more) {
    return SeededServer.sync(server, env, db, more);
  }

  private static Set<String> stored(String url, String query) throws Exception {
    Set<String> values = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) values.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
    }
    return values;
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
          .toList();
    }
  }

  private static Set<String> blobFiles(Path root) throws Exception {
    return files(root).stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      digest.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
