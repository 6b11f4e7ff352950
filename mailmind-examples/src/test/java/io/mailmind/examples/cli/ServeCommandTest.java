package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * {@code serve}, run in-process against the demo's sample mailbox on GreenMail with H2 in a temporary directory:
 * the live inbox in headless Chromium (new mail shows up within 2 s without a reload), and its usage errors.
 */
class ServeCommandTest {
  private static final Pattern URL = Pattern.compile("is on (http://127\\.0\\.0\\.1:\\d+/)");
  /** Rows of the list as [subject, ISO date, folder]. */
  private static final String ROWS = "return Array.from(document.querySelectorAll('#messages tr')).map(tr => "
      + "[tr.querySelector('.subject').textContent, tr.querySelector('time').getAttribute('datetime'), "
      + "tr.querySelector('.folder').textContent]);";

  @TempDir
  Path temp;

  @Test
  void newMailAppearsInTheBrowserWithoutAReload() throws Exception {
    HeadlessChromium.assumeInstalled();
    try (DemoServer server = SeededServer.start();
         Running serve = Running.start(Map.of("PW", server.password()), "serve", "--host", DemoServer.HOST,
             "--port", String.valueOf(server.port()), "--security", "plain", "--user", SampleMailbox.USER,
             "--password-env", "PW", "--http-port", "0", "--db", "jdbc:h2:file:" + temp.resolve("db/serve"));
         HeadlessChromium chromium = HeadlessChromium.start(temp.resolve("chromium-profile"))) {
      String url = serve.awaitErr(URL);
      serve.awaitOutLines(line -> line.startsWith("{\"event\":\"sync_finished\""), 1); // the one sync at start

      chromium.driver.get(url);
      awaitScript(chromium, "return document.body.dataset.live === 'live';", 10_000);

      List<List<String>> rows = rows(chromium);
      List<Instant> newestDates = SampleMailbox.messages().stream().map(ServeCommandTest::effectiveDate)
          .sorted(Comparator.reverseOrder()).limit(50).collect(Collectors.toList());
      assertThat(rows).hasSize(50);
      assertThat(rows.stream().map(row -> Instant.parse(row.get(1)))).containsExactlyElementsOf(newestDates);
      assertThat(rows.stream().map(row -> row.get(2)).distinct()).contains("Inbox", "Sent");
      assertThat(chromium.script("return document.getElementById('older').hidden;")).isEqualTo(false);
      chromium.script("window.loadedOnce = 'yes';");

      server.deliver(SampleMailbox.newMail(Instant.now()));
      awaitFirstSubject(chromium, "Lunch on Friday? 🍕", 2_000);

      assertThat(chromium.script("return window.loadedOnce;")).as("the page was not reloaded").isEqualTo("yes");
      assertThat(chromium.script("return document.body.dataset.refreshes;")).isNotNull();
      assertThat(rows(chromium)).hasSize(50);
      assertThat(rows(chromium).get(1)).isEqualTo(rows.get(0));

      String hostile = "<img src=x onerror=\"window.pwned = 1\"> & <b>bold</b>";
      server.deliver(message(hostile, Instant.now().plusSeconds(60)));
      awaitFirstSubject(chromium, hostile, 2_000);

      assertThat(chromium.script("return typeof window.pwned;")).isEqualTo("undefined");
      assertThat(chromium.script("return document.querySelectorAll('#messages img, #messages b').length;"))
          .isEqualTo(0L);
      assertThat(chromium.script("return window.loadedOnce;")).isEqualTo("yes");

      chromium.driver.findElement(By.partialLinkText("The Weekly Byte #48")).click();
      awaitScript(chromium, "return document.getElementById('subject') !== null;", 10_000);
      assertThat(chromium.script("return document.getElementById('subject').textContent;"))
          .asString().startsWith("The Weekly Byte #48: ");
      assertThat(chromium.script("return document.querySelector('.note').textContent;"))
          .isEqualTo("Markdown made from the HTML body");
      assertThat(chromium.script("return document.getElementById('body').textContent;"))
          .asString().startsWith("# The Weekly Byte #48").contains("](https://weeklybyte.example/");

      assertThat(serve.stop()).as(serve.toString()).isZero();
    }
  }

  @Test
  void badHttpPortIsAUsageError() {
    CliRun run = CliRun.run(Map.of("PW", "x"), "serve", "--host", "127.0.0.1", "--user", "u", "--password-env", "PW",
        "--http-port", "70000");

    assertThat(run.status).as(run.toString()).isEqualTo(2);
    assertThat(run.err).contains("--http-port", "70000", "0..65535");
  }

  @Test
  void aTakenHttpPortFailsWithItsNumber() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliRun run = CliRun.run(Map.of("PW", "x"), "serve", "--host", "127.0.0.1", "--security", "plain", "--user", "u",
          "--password-env", "PW", "--http-port", String.valueOf(taken.getLocalPort()),
          "--db", "jdbc:h2:file:" + temp.resolve("taken"));

      assertThat(run.status).as(run.toString()).isEqualTo(1);
      assertThat(run.err).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "--http-port");
    }
  }

  private static List<List<String>> rows(HeadlessChromium chromium) {
    @SuppressWarnings("unchecked")
    List<List<String>> rows = (List<List<String>>) chromium.script(ROWS);
    return rows;
  }

  /** Waits (at most {@code millis}, counted from now) until the first row's subject is {@code subject}. */
  private static void awaitFirstSubject(HeadlessChromium chromium, String subject, long millis) throws InterruptedException {
    awaitScript(chromium, "const first = document.querySelector('#messages tr .subject');"
        + " return first !== null && first.textContent === arguments[0];", millis, subject);
  }

  private static void awaitScript(HeadlessChromium chromium, String script, long millis, Object... arguments)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!Boolean.TRUE.equals(chromium.script(script, arguments))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + millis + " ms: " + script + "\nrows: " + rows(chromium));
      }
      Thread.sleep(25);
    }
  }

  private static Instant effectiveDate(SampleMailbox.Sample sample) {
    try {
      Date sent = sample.message().getSentDate();
      return (sent != null ? sent.toInstant() : sample.internalDate()).truncatedTo(ChronoUnit.SECONDS);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MimeMessage message(String subject, Instant date) throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress("mallory@example.org", "<script>alert('from')</script>", "UTF-8"));
    message.setRecipients(jakarta.mail.Message.RecipientType.TO, "robin@mailmind.example");
    message.setSubject(subject, "UTF-8");
    message.setSentDate(Date.from(date));
    message.setText("<script>alert('body')</script>", "UTF-8");
    message.saveChanges();
    return message;
  }

  /** The command running on a thread of its own, with captured stdout and stderr and a manual stop. */
  private static final class Running implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StopSignal.Latched stop = StopSignal.manual();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    static Running start(Map<String, String> env, String... args) {
      Running running = new Running();
      CliContext context = CliContext.of(new PrintStream(running.out, true, StandardCharsets.UTF_8),
          new PrintStream(running.err, true, StandardCharsets.UTF_8), env, running.stop);
      var thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "test-serve"));
      thread.execute(() -> running.status.complete(MailmindCli.run(args, context)));
      thread.shutdown();
      return running;
    }

    String awaitErr(Pattern pattern) throws InterruptedException {
      return await(() -> {
        Matcher matcher = pattern.matcher(err.toString(StandardCharsets.UTF_8));
        return matcher.find() ? matcher.group(1) : null;
      });
    }

    void awaitOutLines(Predicate<String> wanted, long count) throws InterruptedException {
      await(() -> out.toString(StandardCharsets.UTF_8).lines().filter(wanted).count() >= count ? "" : null);
    }

    private String await(java.util.function.Supplier<String> found) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && !status.isDone()) {
        String value = found.get();
        if (value != null) return value;
        Thread.sleep(25);
      }
      throw new AssertionError("not seen within 60 s (or the command ended): " + this);
    }

    /** Requests the stop and returns the exit status. */
    int stop() throws Exception {
      stop.stop();
      return status.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      if (!status.isDone()) stop();
    }

    @Override
    public String toString() {
      return (status.isDone() ? "exit status " + status.join() : "running") + "\n--- stdout\n"
          + out.toString(StandardCharsets.UTF_8) + "--- stderr\n" + err.toString(StandardCharsets.UTF_8);
    }
  }
}
