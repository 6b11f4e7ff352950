package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.MailmindException;
import io.mailmind.core.SyncOptions;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.HostileImapServer;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile server cannot exhaust a watcher's heap or hold its IDLE connection (issue 13): what it sends during IDLE
 * is read through the same bounds as a sync's. The account of that server reports a protocol error, reconnects with
 * the backoff and idles again, while an account on another (well-behaved) server goes on being followed. Each
 * server writes far more than the bound (up to 4 GB); {@link HostileImapServer#bytesAfterMark()} shows the watcher
 * stopped reading early, as an unbounded reader would have taken it all into one response.
 */
@ExpectedLogs("each hostile answer is a protocol failure, logged")
class IdleHostileServerTest {
  private static final String EVE = "eve@test";
  private static final String ALICE = "alice@test";
  private static final long FLOOD_LIMIT = 64L << 20;

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private GreenMailUser alice;
  private MailFolder aliceInbox;
  private HostileImapServer server;
  private IdleHarness harness;

  @BeforeEach
  void setUp() throws IOException {
    alice = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    aliceInbox = GREENMAIL.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    server = HostileImapServer.start(List.of(HostileImapServer.message(1, "one"), HostileImapServer.message(2, "two"),
        HostileImapServer.message(3, "three"))).withIdle();
  }

  @AfterEach
  void tearDown() {
    if (harness != null) harness.close();
    server.close();
  }

  /** The first IDLE command gets {@code hostile} (until the client closes the connection); later ones are served. */
  private void onFirstIdle(HostileImapServer.Answer hostile) {
    AtomicBoolean first = new AtomicBoolean(true);
    server.on(command -> command.equals("IDLE") && first.getAndSet(false),
        (session, tag, command) -> HostileImapServer.untilClosed((s, t, c) -> {
          s.line("+ idling");
          hostile.answer(s, t, c);
        }, session, tag, command));
  }

  /** Follows eve (the hostile server) and alice (GreenMail); returns eve's first error. */
  private MailConnectionException followBoth(SyncOptions.Builder options) {
    harness = new IdleHarness(IdleHarness.FAST, options);
    harness.setAccounts(IdleHarness.account(EVE, "127.0.0.1", server.port(), "eve"),
        IdleHarness.account(ALICE, "127.0.0.1", GREENMAIL.getImap().getPort(), "alice"));
    harness.start();
    Await.until("eve's error", () -> harness.events.count("onError", EVE) >= 1, harness.events::toString);
    MailmindException error = harness.events.causes("onError", EVE).get(0);
    assertThat(error).isInstanceOf(MailConnectionException.class);
    return (MailConnectionException) error;
  }

  /**
   * Eve reconnected after the longest backoff delay (a protocol error is not transient) and idles again; alice was
   * followed all along and still is.
   */
  private void assertEveBackAndAliceFollowed() {
    Await.until("eve in IDLE again", () -> server.commands().stream().filter("IDLE"::equals).count() >= 2,
        harness.events::toString);
    harness.awaitState(EVE, State.IDLING);
    harness.awaitState(ALICE, State.IDLING);
    long uid = IdleHarness.deliver(alice, aliceInbox, 1, "while eve misbehaved");
    assertThat(IdleHarness.complete(harness.awaitNewMail(ALICE, aliceInbox.getUidValidity(), uid))).isTrue();
    assertThat(harness.events.count("onError", ALICE)).isZero();
    assertThat(harness.events.count("onConnectionLost", ALICE)).isZero();
    assertThat(harness.storedUids(EVE)).containsExactly(1L, 2L, 3L);
    assertThat(harness.sleeper.sleeps()).containsExactly(IdleHarness.FAST.backoff().maxDelay());
  }

  @Test
  @DisplayName("a line that never ends during IDLE is cut at maxLineBytes and reported as a protocol error")
  void endlessLineDuringIdle() {
    onFirstIdle((s, t, c) -> {
      s.raw("* 1 FETCH (FLAGS (".getBytes(StandardCharsets.US_ASCII));
      s.mark();
      s.flood((byte) 'x', 4_000_000_000L);
    });

    MailConnectionException error = followBoth(SyncOptions.builder().maxLineBytes(64 * 1024));

    assertThat(error.kind()).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    assertThat(error).hasMessageContaining("protocol violation: the server sent a response line longer than 65536 "
        + "bytes in its response to IDLE on INBOX");
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertEveBackAndAliceFollowed();
  }

  @Test
  @DisplayName("a huge literal in an untagged FETCH during IDLE is refused at its announcement")
  void hugeLiteralDuringIdle() {
    onFirstIdle((s, t, c) -> {
      s.line("* 1 FETCH (UID 1 BODY[] {2000000000}");
      s.mark();
      s.flood((byte) 'a', 2_000_000_000L);
    });

    MailConnectionException error = followBoth(SyncOptions.builder());

    assertThat(error.kind()).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    assertThat(error).hasMessageContaining("the server sent a literal of 2000000000 bytes for UID 1, over the limit "
        + "of 1048576 bytes, in its response to IDLE on INBOX");
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertEveBackAndAliceFollowed();
  }

  @Test
  @DisplayName("a flood of untagged EXISTS during IDLE is cut at the round's bound of untagged responses")
  void existsFloodDuringIdle() {
    onFirstIdle((s, t, c) -> {
      s.mark();
      StringBuilder chunk = new StringBuilder();
      for (int n = 4; n <= 10_000_000; n++) {
        chunk.append("* ").append(n).append(" EXISTS\r\n");
        if (n % 1000 == 0) {
          s.raw(chunk.toString().getBytes(StandardCharsets.US_ASCII));
          chunk.setLength(0);
        }
      }
    });

    MailConnectionException error = followBoth(SyncOptions.builder());

    assertThat(error.kind()).isEqualTo(MailConnectionException.Kind.PROTOCOL);
    // 3 messages when the round began: 10,000 plus an EXPUNGE and a FETCH per message
    assertThat(error).hasMessageContaining("the server sent more than 10006 untagged responses to IDLE on INBOX");
    assertThat(server.bytesAfterMark()).isLessThan(FLOOD_LIMIT);
    assertEveBackAndAliceFollowed();
  }
}
