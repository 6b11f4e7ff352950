package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync} then {@code export} against GreenMail holding the sample mailbox, checked against the server. */
class SyncExportCommandTest {
  private static DemoServer server;
  private static Map<String, String> env;

  @BeforeAll
  static void startServer() {
    server = SeededServer.start();
    env = Map.of("IMAP_PASSWORD", server.password(), "WRONG_PASSWORD", "not-the-password");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String freshDb() {
    return "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private static CliRun sync(String db, String... more) {
    return SeededServer.sync(server, env, db, more);
  }

  @Test
  void syncPrintsOneSummaryLineAndExportMatchesTheServer() throws Exception {
    String db = freshDb();
    CliRun first = sync(db);
    assertThat(first.status).as(first.toString()).isZero();
    assertThat(first.outLines()).hasSize(1);
    JsonNode summary = ExportMatcher.parse(first.outLines()).get(0);
    assertThat(summary.get("account").asText()).isEqualTo("robin@127.0.0.1");
    assertThat(summary.get("folders").asInt()).isEqualTo(5);
    assertThat(summary.get("messages_total").asLong()).isEqualTo(SampleMailbox.messages().size());
    assertThat(summary.get("messages_new").asLong()).isEqualTo(SampleMailbox.messages().size());
    assertThat(summary.get("errors").asLong()).isZero();
    assertThat(summary.get("bytes").asLong()).isPositive();
    assertThat(summary.get("phases").get("content_s").asDouble())
        .isLessThanOrEqualTo(summary.get("seconds").asDouble());

    CliRun export = CliRun.run(env, "export", "--db", db);
    assertThat(export.status).as(export.toString()).isZero();
    ExportMatcher.assertMatches("robin@127.0.0.1", ExportMatcher.parse(export.outLines()),
        ServerSnapshot.read(DemoServer.HOST, server.port(), SampleMailbox.USER, server.password()));

    CliRun again = sync(db);
    assertThat(again.status).as(again.toString()).isZero();
    JsonNode second = ExportMatcher.parse(again.outLines()).get(0);
    assertThat(second.get("messages_new").asLong()).isZero();
    assertThat(second.get("messages_total").asLong()).isEqualTo(SampleMailbox.messages().size());
    assertThat(CliRun.run(env, "export", "--db", db).out).isEqualTo(export.out);
  }

  @Test
  void exportCarriesTheNewTextAfterTheMarkdown() throws Exception {
    String db = freshDb();
    assertThat(sync(db).status).isZero();
    CliRun export = CliRun.run(env, "export", "--db", db);
    assertThat(export.status).as(export.toString()).isZero();
    List<JsonNode> lines = ExportMatcher.parse(export.outLines());
    for (JsonNode line : lines) {
      List<String> names = new java.util.ArrayList<>();
      line.fieldNames().forEachRemaining(names::add);
      assertThat(names.get(names.indexOf("markdown") + 1)).isEqualTo("new_text");
      // Every sample message has a body, so every one has its new text; without quotes it is the whole body.
      assertThat(line.get("new_text").isTextual()).as(line.get("message_id").asText()).isTrue();
    }
    JsonNode answer = lines.stream()
        .filter(l -> l.get("message_id").asText().equals("<q3-figures-answer@example.de>")).findFirst().orElseThrow();
    assertThat(answer.get("html").isNull()).isTrue();
    assertThat(answer.get("text").asText()).contains("> Danke, Jörg!");
    // The sender's lines as they are in the text (line ends included), without the quote at the bottom.
    String newText = answer.get("new_text").asText();
    assertThat(answer.get("text").asText()).startsWith(newText);
    assertThat(newText.replace("\r\n", "\n"))
        .isEqualTo("Hallo Robin,\n\ndie Prognose für Q4 kommt nächste Woche, versprochen.\n\nJörg");
    JsonNode html = lines.stream()
        .filter(l -> l.get("message_id").asText().equals("<issue-42-comment-3@mailmind.example>")).findFirst()
        .orElseThrow();
    assertThat(html.get("new_text").asText()).isEqualTo(html.get("markdown").asText());
  }

  @Test
  void syncIntoASqliteFileExportsWhatH2Exports(@TempDir Path dir) throws Exception {
    String h2 = freshDb();
    String sqlite = "jdbc:sqlite:" + dir.resolve("not/yet/mailmind.db");
    CliRun intoH2 = sync(h2);
    assertThat(intoH2.status).as(intoH2.toString()).isZero();
    CliRun intoSqlite = sync(sqlite);
    assertThat(intoSqlite.status).as(intoSqlite.toString()).isZero();
    JsonNode summary = ExportMatcher.parse(intoSqlite.outLines()).get(0);
    assertThat(summary.get("messages_new").asLong()).isEqualTo(SampleMailbox.messages().size());
    assertThat(summary.get("errors").asLong()).isZero();
    assertThat(dir.resolve("not/yet/mailmind.db")).isRegularFile();

    CliRun fromH2 = CliRun.run(env, "export", "--db", h2);
    CliRun fromSqlite = CliRun.run(env, "export", "--db", sqlite);
    assertThat(fromSqlite.status).as(fromSqlite.toString()).isZero();
    assertThat(fromSqlite.outLines()).hasSize(SampleMailbox.messages().size());
    assertThat(fromSqlite.out).isEqualTo(fromH2.out);

    CliRun again = sync(sqlite);
    assertThat(ExportMatcher.parse(again.outLines()).get(0).get("messages_new").asLong()).isZero();
    assertThat(CliRun.run(env, "export", "--db", sqlite).out).isEqualTo(fromH2.out);
  }

  @Test
  void exportOfAMissingSqliteFileFails(@TempDir Path dir) {
    CliRun run = CliRun.run(env, "export", "--db", "jdbc:sqlite:" + dir.resolve("absent.db"));
    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).startsWith("mailmind export: ").contains("no SQLite database");
    assertThat(dir.resolve("absent.db")).doesNotExist();
  }

  @Test
  void progressOnStderrOnlyForATerminal() {
    CliRun quiet = sync(freshDb(), "--include", "Sent");
    assertThat(quiet.err).doesNotContain("folders done");
    CliRun shown = CliRun.interactive(env, "sync", "--host", DemoServer.HOST, "--port", String.valueOf(server.port()),
        "--security", "plain", "--user", SampleMailbox.USER, "--password-env", "IMAP_PASSWORD", "--db", freshDb(),
        "--include", "Sent");
    assertThat(shown.status).as(shown.toString()).isZero();
    assertThat(shown.err).contains("sync: 1 folders done, 10 messages (10 with content), 0.0 of 0.0 MB, ");
    assertThat(shown.outLines()).hasSize(1);
  }

  @Test
  void exportOfOneAccount() {
    String db = freshDb();
    assertThat(sync(db, "--include", "Archive*", "--account-id", "archive").status).isZero();
    assertThat(sync(db, "--include", "Drafts").status).isZero();

    CliRun archive = CliRun.run(env, "export", "--db", db, "--account", "archive");
    assertThat(archive.outLines()).hasSize(14).allSatisfy(line -> assertThat(line)
        .startsWith("{\"account\":\"archive\",\"folder\":\"Archive").contains("\"imap_folder\":\"Archive"));
    CliRun all = CliRun.run(env, "export", "--db", db);
    assertThat(all.outLines()).hasSize(18);
    assertThat(all.outLines().get(0)).startsWith("{\"account\":\"archive\"");
    assertThat(all.outLines().get(17)).startsWith("{\"account\":\"robin@127.0.0.1\",\"folder\":\"Drafts\"");
    CliRun nobody = CliRun.run(env, "export", "--db", db, "--account", "nobody");
    assertThat(nobody.status).isZero();
    assertThat(nobody.out).isEmpty();
    assertThat(nobody.err).contains("export: no account 'nobody' is stored in");
    assertThat(archive.err).doesNotContain("no account");
  }

  @Test
  void exportEndsQuietlyWhenTheReaderClosesThePipe() {
    String db = freshDb();
    assertThat(sync(db).status).isZero();
    // What `export | head -n 1` does to stdout: after the first line, every write fails with a broken pipe.
    Stdout closedAfterOneLine = Stdout.over(new ReaderThatLeaves("Broken pipe"));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = MailmindCli.run(new String[] {"export", "--db", db}, CliContext.of(closedAfterOneLine,
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), env, StopSignal.manual()));
    assertThat(status).isZero();
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void exportFailsWhenStdoutFailsForAnotherReason() {
    String db = freshDb();
    assertThat(sync(db).status).isZero();
    Stdout diskFull = Stdout.over(new ReaderThatLeaves("No space left on device"));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = MailmindCli.run(new String[] {"export", "--db", db}, CliContext.of(diskFull,
        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), env, StopSignal.manual()));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("writing to stdout failed");
  }

  /** Takes the first line, then fails every write (and flush) with the given reason, as a closed pipe does. */
  private static final class ReaderThatLeaves extends java.io.OutputStream {
    private final String reason;
    private boolean lineTaken;

    ReaderThatLeaves(String reason) {
      this.reason = reason;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      if (lineTaken) throw new java.io.IOException(reason);
      if (b == '\n') lineTaken = true;
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      for (int i = off; i < off + len; i++) write(b[i]);
    }

    @Override
    public void flush() throws java.io.IOException {
      if (lineTaken) throw new java.io.IOException(reason);
    }
  }

  @Test
  @ExpectedLogs("the refused login is logged")
  void refusedLoginExitsWithOneAndNamesTheProblem() {
    CliRun run = CliRun.run(env, "sync", "--host", DemoServer.HOST, "--port", String.valueOf(server.port()),
        "--security", "plain", "--user", SampleMailbox.USER, "--password-env", "WRONG_PASSWORD", "--db", freshDb());
    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.err).containsIgnoringCase("login").doesNotContain("not-the-password");
  }

  @Test
  void exportOfAMissingH2FileFails(@TempDir Path dir) {
    CliRun run = CliRun.run(env, "export", "--db", "jdbc:h2:file:" + dir.resolve("absent"));
    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.out).isEmpty();
    assertThat(run.err).startsWith("mailmind export: ");
  }
}
