package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.HostileImapServer;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.RecordingEventListener;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A broken or hostile server (issue 13) cannot exhaust the heap, hold a sync forever, or make a sync report success
 * while it leaves messages out: every case ends in bounded time with an error that says what happened and names the
 * UIDs, and every message left at metadata only is named in an error.
 */
@ExpectedLogs("every hostile answer is an error, which Mailmind logs as a WARN besides reporting it")
class HostileServerSyncTest {
  private static final long FLOOD_LIMIT = 64L << 20;

  private final InMemoryMailStore store = new InMemoryMailStore();
  private final RecordingEventListener events = new RecordingEventListener();
  private HostileImapServer server;

  @BeforeEach
  void start() throws IOException {
    server = HostileImapServer.start(List.of(HostileImapServer.message(1, "one"), HostileImapServer.message(2, "two"),
        HostileImapServer.message(3, "three")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImapAccount account() {
    return ImapAccount.builder().id("eve@test").host("127.0.0.1").port(server.port()).security(Security.PLAIN)
        .username("eve").build();
  }

  private SyncReport sync(SyncOptions.Builder options) {
    ImapAccount account = account();
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options.markdown(false).build())
        .listener(events).build()) {
      return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> mailmind.sync(account));
    }
  }

  private SyncReport sync() {
    return sync(SyncOptions.builder());
  }

  private List<String> errors() {
    return events.causes("onError", "eve@test").stream().map(MailmindException::getMessage).toList();
  }

  private List<MessageRecord> stored() {
    List<MessageRecord> records = new ArrayList<>();
    store.forEachMessage("eve@test", records::add);
    return records;
  }

  private static boolean isBodyFetch(String command) {
    return command.startsWith("UID FETCH") && command.contains("BODY.PEEK[]");
  }

  private static boolean isListing(String command) {
    return command.startsWith("UID FETCH 1:* (UID FLAGS RFC822.SIZE)");
  }

  /** Every message left at metadata only is named in an error, and the report counts errors. */
  private void assertNothingSilent(SyncReport report) {
    assertThat(report.errors()).as("errors in %s", errors()).isPositive();
    for (MessageRecord record : stored()) {
      if (record.state() == ContentState.COMPLETE) continue;
      assertThat(errors()).as("UID %s is %s", record.key().uid(), record.state())
          .anyMatch(e -> e.matches("(?s).*UIDs [^:]*: [0-9,:]*\\b" + record.key().uid() + "\\b.*")
              || e.contains("UIDs not fetched: 1:3") || e.contains("UIDs without a usable answer: 1:3")
              || e.contains(" UID " + record.key().uid() + ": "));
    }
  }

  private static MailConnectionException.Kind kindOf(List<MailmindException> causes) {
    return ((MailConnectionException) causes.get(0)).kind();
  }

  @Test
  @DisplayName("a literal announced as {2000000000} is refused at its announcement, named with its UID and limit")
  void hugeLiteral(CapturedLog log) {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.fetch(c, 2);
      s.line("* 2 FETCH (UID 2 RFC822.SIZE 300 BODY[] {2000000000}");
      s.mark();
      s.flood((byte) 'a', 2_000_000_000L);
    }, session, tag, command));

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("the server sent a literal of 2000000000 bytes for UID 2, over the "
        + "limit of " + (2 * 300 + 65536) + " bytes (RFC822.SIZE 300)") && e.contains("in INBOX"));
    assertThat(kindOf(events.causes("onError", "eve@test"))).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertNothingSilent(report);
    assertThat(log.warnings()).as("the error is logged once per UID, without a stack trace")
        .anyMatch(line -> line.contains("eve@test - fetch content of INBOX UID 2 failed")
            && line.contains("the server sent a literal of 2000000000 bytes for UID 2"));
    assertThat(log.errors()).isEmpty();
    assertThat(log.stackTraceLines()).isZero();
  }

  @Test
  @DisplayName("a literal announced as {4000000000} (more than an int) is refused against the configured maximum")
  void literalOverInt() {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.line("* 1 FETCH (UID 1 BODY[] {4000000000}");
      s.mark();
      s.flood((byte) 'a', 4_000_000_000L);
    }, session, tag, command));

    SyncReport report = sync(SyncOptions.builder().maxLiteralBytes(1 << 20));

    assertThat(errors()).anyMatch(e -> e.contains("the server sent a literal of 4000000000 bytes for UID 1, over the "
        + "limit of 1048576 bytes"));
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertNothingSilent(report);
  }

  @Test
  @DisplayName("a literal announced as {-5} is a protocol violation for that UID")
  void negativeLiteral() {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> {
      session.fetch(command, 2);
      session.line("* 2 FETCH (UID 2 BODY[] {-5}");
      session.line("hello)");
      session.line(tag + " OK UID FETCH completed");
    });

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("protocol violation: the server announced a literal of -5 bytes "
        + "for UID 2"));
    assertNothingSilent(report);
  }

  @Test
  @DisplayName("a FETCH line that never ends is cut at maxLineBytes")
  void endlessFetchLine() {
    server.on(HostileServerSyncTest::isListing, (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.raw("* 1 FETCH (UID 1 FLAGS (".getBytes(StandardCharsets.US_ASCII));
      s.mark();
      s.flood((byte) 'x', 4_000_000_000L);
    }, session, tag, command));

    SyncReport report = sync(SyncOptions.builder().maxLineBytes(64 * 1024));

    assertThat(errors()).anyMatch(e -> e.contains("protocol violation: the server sent a response line longer than "
        + "65536 bytes for UID 1 in its response to UID FETCH 1:* (UID FLAGS RFC822.SIZE) in INBOX"));
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertThat(report.errors()).isPositive();
    assertThat(stored()).isEmpty();
  }

  @Test
  @DisplayName("a greeting that never ends is cut at maxLineBytes and reported, not an OutOfMemoryError")
  void endlessGreeting() {
    server.greeting((session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.raw("* OK ".getBytes(StandardCharsets.US_ASCII));
      s.mark();
      s.flood((byte) 'x', 4_000_000_000L);
    }, session, tag, command));

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("protocol violation: the server sent a response line longer than "
        + "1048576 bytes in its response to connecting to 127.0.0.1:" + server.port()));
    assertThat(kindOf(events.causes("onError", "eve@test"))).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertThat(report.errors()).isPositive();
  }

  @Test
  @DisplayName("ten million untagged EXISTS lines are cut at the command's bound")
  void untaggedFlood() {
    server.on(HostileServerSyncTest::isListing, (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.mark();
      StringBuilder chunk = new StringBuilder();
      for (int n = 1; n <= 10_000_000; n++) {
        chunk.append("* ").append(n).append(" EXISTS\r\n");
        if (n % 1000 == 0) {
          s.raw(chunk.toString().getBytes(StandardCharsets.US_ASCII));
          chunk.setLength(0);
        }
      }
      s.line(t + " OK UID FETCH completed");
    }, session, tag, command));

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("the server sent more than 10006 untagged responses to UID FETCH 1:* "
        + "(UID FLAGS RFC822.SIZE) in INBOX"));
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertThat(report.errors()).isPositive();
  }

  @Test
  @DisplayName("a FETCH answer dripping one byte at a time fails at the command timeout, not when the server gives up")
  void drippingAnswer() {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> drip(session));

    SyncReport report = sync(SyncOptions.builder().commandTimeout(Duration.ofSeconds(2)).maxAttempts(1));

    assertThat(errors()).anyMatch(e -> e.contains("the server's response to UID FETCH 1:3 (UID RFC822.SIZE BODY.PEEK[]) "
        + "in INBOX did not end within the command timeout of PT2S"));
    assertNothingSilent(report);
  }

  @Test
  @DisplayName("a dripping server cannot hold a sync past syncTimeout, retries included")
  void syncTimeout() {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> drip(session));

    SyncReport report = sync(SyncOptions.builder().syncTimeout(Duration.ofSeconds(3)).maxAttempts(3));

    assertThat(errors()).anyMatch(e -> e.contains("the sync timeout of PT3S"));
    assertNothingSilent(report);
  }

  private static void drip(HostileImapServer.Session session) {
    HostileImapServer.untilClosed((s, t, c) -> {
      s.line("* 1 FETCH (UID 1 RFC822.SIZE 300 BODY[] {300}");
      for (int i = 0; i < 300; i++) {
        s.raw(new byte[] {'a'});
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }, session, null, null);
  }

  /** Seven ways to break the FETCH answer of UID 2, as a change to the correct answer. */
  enum Malformed {
    NO_UID(answer -> answer.replace("UID 2 ", "")),
    NEGATIVE_UID(answer -> answer.replace("UID 2 ", "UID -5 ")),
    HUGE_UID(answer -> answer.replace("UID 2 ", "UID 99999999999999999999 ")),
    NEGATIVE_SIZE(answer -> answer.replaceFirst("RFC822.SIZE \\d+", "RFC822.SIZE -100")),
    PARENTHESES(answer -> "* 2 FETCH ((((((\r\n"),
    UNBALANCED(answer -> answer.substring(0, answer.lastIndexOf(')')) + "\r\n"),
    FLAGS_ONLY(answer -> "* 2 FETCH (FLAGS (\\Seen))\r\n");

    final UnaryOperator<String> change;

    Malformed(UnaryOperator<String> change) {
      this.change = change;
    }
  }

  private void breakAnswerOfUid2(java.util.function.Predicate<String> commands, Malformed malformed) {
    server.on(commands, (session, tag, command) -> {
      if (!session.requestedUids(command).contains(2L)) { // a fetch without UID 2 is answered correctly
        session.fetch(command);
        session.line(tag + " OK UID FETCH completed");
        return;
      }
      session.fetch(command, 2);
      String items = command.substring(command.indexOf('('));
      String answer = new String(session.fetchAnswer(2, items.toUpperCase(java.util.Locale.ROOT)),
          StandardCharsets.ISO_8859_1);
      session.raw(malformed.change.apply(answer).getBytes(StandardCharsets.ISO_8859_1));
      session.line(tag + " OK UID FETCH completed");
    });
  }

  @ParameterizedTest
  @EnumSource(Malformed.class)
  @DisplayName("a malformed answer in the listing fails the folder with a protocol violation; no message is left out "
      + "silently")
  void malformedListing(Malformed malformed) {
    breakAnswerOfUid2(HostileServerSyncTest::isListing, malformed);

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("protocol violation") && e.contains("in INBOX"));
    assertThat(kindOf(events.causes("onError", "eve@test"))).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    assertThat(report.errors()).isPositive();
    assertThat(stored()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Malformed.class)
  @DisplayName("a malformed answer to the content fetch is an error naming UID 2, isolated from the batch: the others"
      + " are stored, no row stays metadata_only silently")
  void malformedContent(Malformed malformed) {
    breakAnswerOfUid2(HostileServerSyncTest::isBodyFetch, malformed);

    SyncReport report = sync();

    assertThat(errors()).anyMatch(e -> e.contains("protocol violation") && e.contains("in INBOX"));
    assertThat(stored()).hasSize(3);
    assertThat(stored()).filteredOn(r -> r.state() == ContentState.COMPLETE).extracting(r -> r.key().uid())
        .containsExactly(1L, 3L);
    assertThat(errors()).anyMatch(e -> e.startsWith("eve@test - INBOX UID 2: its content could not be fetched"));
    assertThat(report.messagesPending()).isEqualTo(1);
    assertNothingSilent(report);
  }

  @Test
  @DisplayName("a message whose header fetch kills the connection (as Dovecot's imap process dies on a 20 MB header)"
      + " is isolated: the others are stored, it is an error row with its flags and size, and a next sync is clean")
  void poisonHeaderIsolated() {
    server.on(command -> command.startsWith("UID FETCH") && command.contains("HEADER.FIELDS"),
        (session, tag, command) -> {
          if (session.requestedUids(command).contains(2L)) {
            session.hangUp();
            return;
          }
          session.fetch(command);
          session.line(tag + " OK UID FETCH completed");
        });

    SyncReport report = sync();

    assertThat(report.errors()).isEqualTo(1);
    assertThat(errors()).hasSize(1).allMatch(e -> e.contains("INBOX UID 2: its headers could not be fetched"));
    assertThat(stored()).extracting(r -> r.key().uid() + " " + r.state())
        .containsExactly("1 COMPLETE", "2 ERROR", "3 COMPLETE");
    MessageRecord bad = stored().get(1);
    assertThat(bad.error()).startsWith("its headers could not be fetched");
    assertThat(bad.metadata().size()).isPositive();
    assertThat(report.messagesPending()).isZero();

    SyncReport again = sync();
    assertThat(again.errors()).as("errors %s", errors()).isZero();
    assertThat(again.messagesNew()).isZero();
  }

  @Test
  @DisplayName("the engine stays usable: after a hostile sync, a normal sync of the same store completes")
  void healthyAfterwards() throws IOException {
    server.on(HostileServerSyncTest::isBodyFetch, (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
      s.line("* 1 FETCH (UID 1 BODY[] {2000000000}");
      s.flood((byte) 'a', 2_000_000_000L);
    }, session, tag, command));
    assertThat(sync().errors()).isPositive();

    server.close();
    server = null;
    try (HostileImapServer normal = HostileImapServer.start(List.of(HostileImapServer.message(1, "one"),
        HostileImapServer.message(2, "two"), HostileImapServer.message(3, "three")))) {
      server = normal;
      SyncReport report = sync();
      assertThat(report.errors()).as("errors %s", errors()).isZero();
      assertThat(stored()).extracting(MessageRecord::state).containsOnly(ContentState.COMPLETE);
    }
  }
}
