package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmind.testkit.DovecotServer;
import io.mailmind.testkit.ExternalServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command line against a real Dovecot started by the test suite (implicit TLS with {@code --trust-cert},
 * {@code .} as hierarchy separator, SPECIAL-USE folders): {@code sync}, then {@code export} checked against
 * what the server holds, on H2, PostgreSQL and MariaDB; then changes on the server; then {@code watch}.
 */
class DovecotCommandLineTest {
  private static DovecotServer dovecot;
  private static Map<String, String> env;

  @BeforeAll
  static void seed() throws Exception {
    dovecot = DovecotServer.builder().separator('.').imaps().startOrSkip();
    env = Map.of("DOVECOT_PASSWORD", dovecot.password(), "DB_PASSWORD", "");
    dovecot.createFolder("Archive/2023");
    for (SampleMailbox.Sample sample : SampleMailbox.messages()) {
      dovecot.append(sample.folder(), raw(sample), sample.internalDate(), sample.flags().toArray(String[]::new));
    }
    dovecot.append("INBOX", ("From: No Date <nodate@example.org>\r\nSubject: no Date header\r\n"
        + "Message-ID: <nodate@example.org>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII),
        Instant.parse("2025-06-01T12:00:00Z"), "\\Seen", "$Forwarded", "NonJunk");
    dovecot.append("Junk", ("From: Spammer <win@spam.example>\r\nSubject: You won!\r\nDate: Mon, 2 Jun 2025 "
        + "10:00:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Click</p>\r\n")
        .getBytes(StandardCharsets.US_ASCII), Instant.parse("2025-06-02T10:00:05Z"));
  }

  @AfterAll
  static void stop() {
    if (dovecot != null) dovecot.close();
  }

  private static byte[] raw(SampleMailbox.Sample sample) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sample.message().writeTo(bytes);
    return bytes.toByteArray();
  }

  private static List<String> connection(String accountId, String db, String... more) {
    List<String> args = new ArrayList<>(List.of("--host", dovecot.host(), "--port",
        String.valueOf(dovecot.imapsPort()), "--security", "tls", "--trust-cert", dovecot.certificate().toString(),
        "--user", dovecot.user(), "--password-env", "DOVECOT_PASSWORD", "--account-id", accountId, "--db", db));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun cli(String command, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(args);
    return CliRun.run(env, all.toArray(String[]::new));
  }

  private static JsonNode summary(CliRun run) throws Exception {
    assertThat(run.status).as(run.toString()).isZero();
    assertThat(run.outLines()).as(run.toString()).hasSize(1);
    return ExportMatcher.parse(run.outLines()).get(0);
  }

  private static List<JsonNode> export(String db, String accountId, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--db", db, "--account", accountId));
    args.addAll(List.of(more));
    CliRun run = cli("export", args);
    assertThat(run.status).as(run.toString()).isZero();
    return ExportMatcher.parse(run.outLines());
  }

  private static List<ServerSnapshot.ServerMessage> server() throws Exception {
    return ServerSnapshot.read(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password());
  }

  private static void syncAndCheck(String db, String... dbOptions) throws Exception {
    String account = "dovecot-" + UUID.randomUUID();
    List<ServerSnapshot.ServerMessage> expected = server();
    JsonNode first = summary(cli("sync", connection(account, db, dbOptions)));
    assertThat(first.get("account").asText()).isEqualTo(account);
    assertThat(first.get("folders").asInt()).isEqualTo(7); // INBOX Sent Drafts Archive Archive/2023 Trash Junk
    assertThat(first.get("messages_new").asLong()).isEqualTo(expected.size());
    assertThat(first.get("messages_total").asLong()).isEqualTo(expected.size());
    assertThat(first.get("errors").asLong()).isZero();

    List<JsonNode> exported = export(db, account, dbOptions);
    ExportMatcher.assertMatches(account, exported, expected);
    Map<String, String> logical = new TreeMap<>();
    exported.forEach(m -> logical.put(m.get("imap_folder").asText(), m.get("folder").asText()));
    assertThat(logical).containsEntry("INBOX", "Inbox").containsEntry("Junk", "Spam")
        .containsEntry("Sent", "Sent").containsEntry("Drafts", "Drafts").containsEntry("Archive", "Archive")
        .containsEntry("Archive/2023", "Archive/2023");
    JsonNode noDate = exported.stream().filter(m -> m.get("subject").asText().equals("no Date header"))
        .findFirst().orElseThrow();
    assertThat(noDate.get("date").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(noDate.get("flags").toString()).isEqualTo("[\"\\\\Seen\",\"$Forwarded\",\"NonJunk\"]");

    JsonNode again = summary(cli("sync", connection(account, db, dbOptions)));
    assertThat(again.get("messages_new").asLong()).isZero();
    assertThat(again.get("messages_updated").asLong()).isZero();
    assertThat(again.get("messages_deleted").asLong()).isZero();
  }

  @Test
  @DisplayName("sync then export on H2 reproduces what Dovecot holds; a second sync changes nothing")
  void h2() throws Exception {
    syncAndCheck("jdbc:h2:mem:dovecot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  @DisplayName("the same on PostgreSQL")
  void postgresql() throws Exception {
    ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
    syncAndCheck("jdbc:postgresql://127.0.0.1:5432/test", "--db-user", "postgres");
  }

  @Test
  @DisplayName("the same on MariaDB")
  void mariadb() throws Exception {
    ExternalServers.assumeReachable("MariaDB", "127.0.0.1", 3306);
    syncAndCheck("jdbc:mariadb://127.0.0.1:3306/test", "--db-user", "root", "--db-password-env", "DB_PASSWORD");
  }

  @Test
  @DisplayName("a full sync into H2, PostgreSQL and MariaDB yields the same export, field for field")
  void sameExportOnEveryDatabase() throws Exception {
    ExternalServers.assumeReachable("PostgreSQL", "127.0.0.1", 5432);
    ExternalServers.assumeReachable("MariaDB", "127.0.0.1", 3306);
    String account = "same-" + UUID.randomUUID();
    List<String[]> databases = List.of(
        new String[] {"jdbc:h2:mem:same-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"},
        new String[] {"jdbc:postgresql://127.0.0.1:5432/test", "--db-user", "postgres"},
        new String[] {"jdbc:mariadb://127.0.0.1:3306/test", "--db-user", "root", "--db-password-env", "DB_PASSWORD"});
    List<List<String>> exports = new ArrayList<>();
    for (String[] database : databases) {
      String[] options = java.util.Arrays.copyOfRange(database, 1, database.length);
      JsonNode report = summary(cli("sync", connection(account, database[0], options)));
      assertThat(report.get("errors").asLong()).isZero();
      List<String> lines = new ArrayList<>();
      export(database[0], account, options).forEach(node -> lines.add(node.toString()));
      exports.add(lines);
    }
    assertThat(exports.get(0)).isNotEmpty();
    assertThat(exports.get(0)).anyMatch(line -> line.contains("\"markdown\":\"") && line.contains("\"sha256\":\""));
    assertThat(exports.get(1)).as("PostgreSQL export").containsExactlyElementsOf(exports.get(0));
    assertThat(exports.get(2)).as("MariaDB export").containsExactlyElementsOf(exports.get(0));
  }

  @Test
  @DisplayName("flag changes and expunges on the server are counted by the next sync and reach the export")
  void changesOnTheServer() throws Exception {
    String db = "jdbc:h2:mem:dovecot-changes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String account = "changes";
    summary(cli("sync", connection(account, db, "--include", "Archive*")));
    long flagged = dovecot.uids("Archive/2023").get(0);
    long removed = dovecot.append("Archive/2023", "Subject: short-lived\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    JsonNode added = summary(cli("sync", connection(account, db, "--include", "Archive*")));
    assertThat(added.get("messages_new").asLong()).isEqualTo(1);

    dovecot.setFlags("Archive/2023", flagged, true, "\\Flagged", "$Important");
    dovecot.expunge("Archive/2023", removed);
    JsonNode changed = summary(cli("sync", connection(account, db, "--include", "Archive*")));
    assertThat(changed.get("messages_updated").asLong()).isEqualTo(1);
    assertThat(changed.get("messages_deleted").asLong()).isEqualTo(1);
    assertThat(changed.get("messages_new").asLong()).isZero();

    List<ServerSnapshot.ServerMessage> archives = new ArrayList<>(server());
    archives.removeIf(m -> !m.imapFolder().startsWith("Archive"));
    ExportMatcher.assertMatches(account, export(db, account), archives);
  }

  @Test
  @DisplayName("watch prints new mail delivered to Dovecot and exits 0 when stopped")
  void watch() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StopSignal.Latched stop = StopSignal.manual();
    CliContext context = CliContext.of(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, stop);
    List<String> args = new ArrayList<>(List.of("watch"));
    args.addAll(connection("watcher", "jdbc:h2:mem:dovecot-watch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "--include", "INBOX"));
    CompletableFuture<Integer> status =
        CompletableFuture.supplyAsync(() -> MailmindCli.run(args.toArray(String[]::new), context));
    try {
      awaitLine(out, err, "{\"event\":\"sync_finished\"");
      long uid = dovecot.append("INBOX", "Subject: live\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
      String line = awaitLine(out, err, "{\"event\":\"new_mail\"");
      assertThat(line).contains("\"account\":\"watcher\"", "\"folder\":\"Inbox\"", "\"imap_folder\":\"INBOX\"",
          "\"uids\":[" + uid + "]");
    } finally {
      stop.stop();
    }
    assertThat(status.get(60, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  private static String awaitLine(ByteArrayOutputStream out, ByteArrayOutputStream err, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var match = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(prefix)).findFirst();
      if (match.isPresent()) return match.get();
      Thread.sleep(50);
    }
    throw new AssertionError("no line starting with " + prefix + "; stdout:\n" + out.toString(StandardCharsets.UTF_8)
        + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8));
  }
}
