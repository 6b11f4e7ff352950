package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.testkit.DovecotServer;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} against a real Dovecot: new mail is reported as it arrives (the delay is printed: it is a
 * figure for the README, not a timing assertion), and following survives a Dovecot restart with nothing missed.
 */
class WatchDovecotRestartTest {
  private DovecotServer dovecot;

  @BeforeEach
  void start() {
    dovecot = DovecotServer.startOrSkip();
  }

  @AfterEach
  void stop() {
    if (dovecot != null) dovecot.close();
  }

  @Test
  @DisplayName("watch reports new mail from Dovecot at once and keeps following across a Dovecot restart")
  @ExpectedLogs("the restart makes the watcher log a lost connection")
  void survivesRestart() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StopSignal.Latched stop = StopSignal.manual();
    CliContext context = CliContext.of(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("DOVECOT_PASSWORD", dovecot.password()), stop);
    String[] args = {"watch", "--host", dovecot.host(), "--port", String.valueOf(dovecot.port()), "--security",
        "plain", "--user", dovecot.user(), "--password-env", "DOVECOT_PASSWORD", "--account-id", "restart",
        "--db", "jdbc:h2:mem:watch-restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "--include", "INBOX"};
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> MailmindCli.run(args, context));
    try {
      awaitLines(out, err, "{\"event\":\"sync_finished\"", 1);
      long first = dovecot.append("INBOX", message("before restart"));
      long delivered = System.nanoTime();
      String line = awaitLines(out, err, "{\"event\":\"new_mail\"", 1);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered);
      System.err.println("watch: new_mail " + millis + " ms after APPEND returned (polled every 10 ms)");
      assertThat(line).contains("\"uids\":[" + first + "]");

      dovecot.restart();
      long during = dovecot.append("INBOX", message("right after the restart"));
      String second = awaitLines(out, err, "{\"event\":\"new_mail\"", 2);
      assertThat(second).contains("\"uids\":[" + during + "]");
      awaitLines(out, err, "{\"event\":\"connection_restored\"", 1);

      long after = dovecot.append("INBOX", message("after the restart"));
      assertThat(awaitLines(out, err, "{\"event\":\"new_mail\"", 3)).contains("\"uids\":[" + after + "]");
    } finally {
      stop.stop();
    }
    assertThat(status.get(60, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).filteredOn(l -> l.startsWith("{\"event\":\"connection_lost\"")).isNotEmpty();
    assertThat(lines).filteredOn(l -> l.startsWith("{\"event\":\"new_mail\"")).hasSize(3);
  }

  private static byte[] message(String subject) {
    return ("From: a@example.org\r\nTo: b@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID()
        + "@example.org>\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The {@code n}-th stdout line starting with {@code prefix}, waiting up to 60 s. */
  private static String awaitLines(ByteArrayOutputStream out, ByteArrayOutputStream err, String prefix, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<String> matches = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(prefix)).toList();
      if (matches.size() >= n) return matches.get(n - 1);
      Thread.sleep(10);
    }
    throw new AssertionError("no " + n + ". line starting with " + prefix + "; stdout:\n"
        + out.toString(StandardCharsets.UTF_8) + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8));
  }
}
