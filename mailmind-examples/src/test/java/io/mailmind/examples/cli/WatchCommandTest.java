package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code watch}: sync, then one JSON line per event as mail arrives, until stopped; then exit 0. */
class WatchCommandTest {

  @Test
  void printsNewMailAndStopsCleanly() throws Exception {
    try (DemoServer server = SeededServer.start()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
      StopSignal.Latched stop = StopSignal.manual();
      CliContext context = CliContext.of(outStream, new PrintStream(err, true, StandardCharsets.UTF_8),
          Map.of("PW", server.password()), stop);
      CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> MailmindCli.run(new String[] {
          "watch", "--host", DemoServer.HOST, "--port", String.valueOf(server.port()), "--security", "plain",
          "--user", SampleMailbox.USER, "--password-env", "PW",
          "--db", "jdbc:h2:mem:watch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"}, context));

      awaitLine(out, line -> line.startsWith("{\"event\":\"sync_finished\""), status, err);
      server.deliver(SampleMailbox.newMail(Instant.now()));
      String newMail = awaitLine(out, line -> line.startsWith("{\"event\":\"new_mail\""), status, err);
      assertThat(newMail).contains("\"account\":\"robin@127.0.0.1\"", "\"folder\":\"Inbox\"",
          "\"imap_folder\":\"INBOX\"", "\"uids\":[");
      assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("{\"event\":\"sync_"))
          .map(line -> line.substring(0, line.indexOf(',')))).as("one sync at start, not two")
          .containsExactly("{\"event\":\"sync_started\"", "{\"event\":\"sync_finished\"");

      stop.stop();
      assertThat(status.get(60, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(stop.awaitCleanedUp(1, TimeUnit.SECONDS)).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8).lines())
          .first().asString().startsWith("{\"event\":\"sync_started\"");
      assertThat(out.toString(StandardCharsets.UTF_8).lines()).allMatch(line -> line.startsWith("{\"event\":\""));
    }
  }

  @Test
  @ExpectedLogs("the refused login is logged")
  void refusedLoginEndsWithStatusOne() {
    try (DemoServer server = SeededServer.start()) {
      CliRun run = CliRun.run(Map.of("PW", "wrong"), "watch", "--host", DemoServer.HOST, "--port",
          String.valueOf(server.port()), "--security", "plain", "--user", SampleMailbox.USER, "--password-env", "PW",
          "--db", "jdbc:h2:mem:watch-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      assertThat(run.status).as(run.toString()).isEqualTo(1);
      assertThat(run.err).contains("the first sync failed").containsIgnoringCase("login");
      assertThat(run.outLines()).anyMatch(line -> line.startsWith("{\"event\":\"error\""));
    }
  }

  /** Waits (at most 60 s) for a stdout line matching {@code wanted}; fails early if the command ended. */
  private static String awaitLine(ByteArrayOutputStream out, Predicate<String> wanted, CompletableFuture<Integer> status,
      ByteArrayOutputStream err) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      var match = out.toString(StandardCharsets.UTF_8).lines().filter(wanted).findFirst();
      if (match.isPresent()) return match.get();
      if (status.isDone()) break;
      Thread.sleep(50);
    }
    throw new AssertionError("no such line; stdout:\n" + out.toString(StandardCharsets.UTF_8) + "\nstderr:\n"
        + err.toString(StandardCharsets.UTF_8) + (status.isDone() ? "\nexit status " + status.join() : ""));
  }
}
