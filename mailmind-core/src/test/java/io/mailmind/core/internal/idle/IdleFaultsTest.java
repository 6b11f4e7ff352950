package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.FaultProxy;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Network faults between the supervisor and GreenMail, made by a {@link FaultProxy}: each ends with the account
 * followed again and the mail that arrived meanwhile stored, with onNewMail.
 */
@ExpectedLogs("each fault makes the watcher log a lost connection")
class IdleFaultsTest {
  private static final String ID = "alice@test";

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private GreenMailUser alice;
  private MailFolder inbox;
  private FaultProxy proxy;
  private IdleHarness harness;

  /**
   * GreenMail 2.1.8 crashes a connection's handler thread when a message arrives while it builds IDLE's unsolicited
   * responses ({@code ImapSessionFolder.getExpunged}: "Need to do this properly..."), a race in the server that a
   * delivery during an IDLE re-issue can hit; the client then sees the connection dropped. Those crashes are
   * counted, so that a test still requires exactly one loss of its own making.
   */
  private final AtomicInteger serverRaces = new AtomicInteger();
  private Thread.UncaughtExceptionHandler previousHandler;

  @BeforeEach
  void countServerRaces() {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Need to do this properly")) {
          serverRaces.incrementAndGet();
        }
      }
      if (previousHandler != null) previousHandler.uncaughtException(thread, e);
    });
  }

  @AfterEach
  void restoreHandler() {
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }

  @BeforeEach
  void setUp() {
    alice = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    proxy = FaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort());
  }

  @AfterEach
  void tearDown() {
    if (harness != null) harness.close();
    proxy.close();
  }

  /** Starts following alice through the proxy and waits until IDLE runs. */
  private IdleHarness following(IdleSettings settings) {
    harness = new IdleHarness(settings);
    harness.setAccounts(IdleHarness.account(ID, "127.0.0.1", proxy.port(), "alice"));
    harness.start();
    harness.awaitState(ID, State.IDLING);
    Await.until("the client is in IDLE", () -> proxy.inIdle() == 1);
    return harness;
  }

  private void assertFollowingAgainWithNothingMissed(IdleHarness h, long missedUid) {
    Await.until("onConnectionRestored", () -> h.events.count("onConnectionRestored", ID) == 1, h.events::toString);
    MessageRecord stored = h.awaitNewMail(ID, inbox.getUidValidity(), missedUid);
    assertThat(IdleHarness.complete(stored)).isTrue();
    h.awaitState(ID, State.IDLING);
    Await.until("the client is in IDLE again", () -> proxy.inIdle() == 1);
    // And the new connection delivers news too.
    long next = IdleHarness.deliver(alice, inbox, 99, "after recovery");
    h.awaitNewMail(ID, inbox.getUidValidity(), next);
    assertThat(h.events.count("onConnectionLost", ID)).as("losses besides the %d GreenMail caused itself", serverRaces.get())
        .isEqualTo(1 + serverRaces.get());
  }

  @Test
  @DisplayName("a connection dropped during IDLE is reconnected with backoff; mail of the outage is picked up")
  void droppedDuringIdle() {
    IdleHarness h = following(IdleHarness.FAST);
    h.sleeper.manual(); // each wait lasts until the test moves virtual time
    proxy.refuse();

    proxy.dropAll();
    Await.until("onConnectionLost", () -> h.events.count("onConnectionLost", ID) == 1, h.events::toString);
    h.awaitState(ID, State.RECONNECTING);
    long missed = IdleHarness.deliver(alice, inbox, 1, "during the outage");
    // Each refused reconnect waits longer: exponential backoff, never past the maximum.
    List<Duration> delays = Stream.of(20, 40, 80, 160, 200, 200).map(Duration::ofMillis).toList();
    for (Duration delay : delays.subList(0, delays.size() - 1)) {
      assertThat(h.sleeper.awaitSleeping(1)).containsExactly(delay);
      assertThat(h.sleeper.advanceToNextWakeUp()).isEqualTo(delay);
    }
    assertThat(h.sleeper.awaitSleeping(1)).containsExactly(Duration.ofMillis(200));
    proxy.accept();
    // Nothing reconnects before the last delay is over.
    h.sleeper.advance(Duration.ofMillis(199));
    assertThat(h.sleeper.pending()).containsExactly(Duration.ofMillis(1));
    assertThat(h.events.count("onConnectionRestored", ID)).isZero();
    h.sleeper.advance(Duration.ofMillis(1));

    assertFollowingAgainWithNothingMissed(h, missed);
    assertThat(h.events.causes("onConnectionLost", ID)).singleElement()
        .isInstanceOfSatisfying(MailConnectionException.class, e -> assertThat(e.isTransient()).isTrue());
    assertThat(h.sleeper.sleeps()).isEqualTo(delays);
  }

  @Test
  @DisplayName("a server that stops answering without closing is detected by the DONE watchdog and replaced")
  void blackHole() {
    IdleHarness h = following(IdleHarness.FAST.withReissueInterval(Duration.ofMillis(300))
        .withAnswerTimeout(Duration.ofSeconds(2))); // generous: a loaded CI machine answers DONE slowly
    int idleCommands = proxy.idleCommands();
    Await.until("IDLE re-issued after DONE", () -> proxy.idleCommands() >= idleCommands + 2);
    assertThat(h.events.count("onConnectionLost", ID)).isZero();

    proxy.blackHoleAll();
    long missed = IdleHarness.deliver(alice, inbox, 1, "while the line was silent");

    Await.until("onConnectionLost", () -> h.events.count("onConnectionLost", ID) == 1, h.events::toString);
    assertThat(h.events.causes("onConnectionLost", ID).get(0)).hasMessageContaining("did not complete IDLE");
    assertFollowingAgainWithNothingMissed(h, missed);
    assertThat(h.sleeper.sleeps()).first().isEqualTo(Duration.ofMillis(20)); // the first backoff delay
  }

  @Test
  @DisplayName("BYE during IDLE ends the connection; the watcher reconnects and catches up")
  void byeDuringIdle() {
    IdleHarness h = following(IdleHarness.FAST);
    int idleCommands = proxy.idleCommands();
    long missed = IdleHarness.deliver(alice, inbox, 1, "just before the BYE");
    // GreenMail tells the client about it during IDLE, which ends that IDLE; the BYE goes to the next one (the
    // client in IDLE before the message arrived may end it any moment, and would then get no BYE).
    Await.until("the client is back in IDLE", () -> proxy.idleCommands() > idleCommands && proxy.inIdle() == 1);

    assertThat(proxy.sendToIdleClients("* BYE server shutting down", true)).isEqualTo(1);

    Await.until("onConnectionLost", () -> h.events.count("onConnectionLost", ID) == 1, h.events::toString);
    assertFollowingAgainWithNothingMissed(h, missed);
    assertThat(h.sleeper.sleeps()).first().isEqualTo(Duration.ofMillis(20)); // the first backoff delay
  }

  @Test
  @DisplayName("flag changes the server reports during IDLE (FETCH FLAGS) reach the store with onFlagsChanged")
  void flagsDuringIdle() throws Exception {
    long uid = IdleHarness.deliver(alice, inbox, 1, "to be flagged");
    IdleHarness h = following(IdleHarness.FAST);
    assertThat(h.storedUids(ID)).containsExactly(uid);
    // GreenMail changes the flag but does not report it during IDLE: the proxy sends what a real server would.
    inbox.setFlags(new Flags(Flags.Flag.FLAGGED), true, uid, null, false);

    assertThat(proxy.sendToIdleClients("* 1 FETCH (FLAGS (\\Flagged))", false)).isEqualTo(1);

    Await.until("onFlagsChanged", () -> h.events.uids("onFlagsChanged", ID).contains(uid), h.events::toString);
    MessageRecord stored = h.store.message(MessageKey.of(ID, "INBOX", inbox.getUidValidity(), uid)).orElseThrow();
    assertThat(stored.metadata().flags()).contains("\\Flagged");
    assertThat(h.events.count("onConnectionLost", ID)).isZero();
  }

  @Test
  @DisplayName("a server without IDLE is polled with NOOP, and new mail is picked up")
  void pollingWithoutIdle() {
    proxy.rewriteServerLines(line -> line.contains("CAPABILITY") ? line.replace(" IDLE", "") : line);
    harness = new IdleHarness(IdleHarness.FAST);
    harness.sleeper.manual();
    harness.setAccounts(IdleHarness.account(ID, "127.0.0.1", proxy.port(), "alice"));
    harness.start();
    harness.awaitState(ID, State.POLLING);
    Duration pollInterval = IdleHarness.FAST.pollInterval();
    assertThat(harness.sleeper.awaitSleeping(1)).containsExactly(pollInterval);

    long uid = IdleHarness.deliver(alice, inbox, 1, "polled");
    // Nothing asks the server before the poll interval has passed.
    assertThat(harness.events.count("onNewMail", ID)).isZero();
    harness.sleeper.advance(pollInterval);

    harness.awaitNewMail(ID, inbox.getUidValidity(), uid);
    assertThat(proxy.idleCommands()).isZero();
    assertThat(harness.sleeper.sleeps()).allSatisfy(d -> assertThat(d).isEqualTo(pollInterval));
  }
}
