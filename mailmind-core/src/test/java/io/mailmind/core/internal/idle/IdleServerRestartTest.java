package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.internal.retry.RetryPolicies;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IMAP server goes down and comes back on the same port, keeping its mailboxes, as a real restart does. */
@ExpectedLogs("the restart makes the watcher log a lost connection")
class IdleServerRestartTest {
  private static final String ID = "alice@test";
  /** The production reconnect policy (1 s doubling to 5 min, equal jitter), in virtual time. */
  private static final IdleSettings SETTINGS = new IdleSettings(IdleHarness.FAST.reissueInterval(),
      IdleHarness.FAST.answerTimeout(), IdleHarness.FAST.pollInterval(), IdleHarness.FAST.accountRefresh(),
      RetryPolicies.idleReconnect(IdleOptions.defaults()), IdleHarness.FAST.errorRetryDelay());

  /** GreenMail forgets users and mail on stop; a real server keeps them, so this one does too. */
  private static final class RestartableGreenMail extends GreenMail {
    RestartableGreenMail(ServerSetup setup) {
      super(setup);
    }

    @Override
    public synchronized void stop() {
      Managers kept = managers;
      super.stop();
      managers = kept;
    }
  }

  private GreenMail greenMail;
  private IdleHarness harness;

  @BeforeEach
  void setUp() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    greenMail = new RestartableGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    greenMail.start();
  }

  @AfterEach
  void tearDown() {
    if (harness != null) harness.close();
    greenMail.stop();
  }

  @Test
  @DisplayName("after a server restart the account is followed again and mail of the downtime is stored")
  void serverRestart() {
    GreenMailUser alice = greenMail.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = greenMail.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    long before = IdleHarness.deliver(alice, inbox, 1, "before the restart");
    harness = new IdleHarness(SETTINGS);
    harness.setAccounts(IdleHarness.account(ID, "127.0.0.1", greenMail.getImap().getPort(), "alice"));
    harness.start();
    harness.awaitState(ID, State.IDLING);
    assertThat(harness.storedUids(ID)).containsExactly(before);
    harness.sleeper.manual();

    greenMail.stop();
    Await.until("onConnectionLost", () -> harness.events.count("onConnectionLost", ID) == 1,
        harness.events::toString);
    long missed = IdleHarness.deliver(alice, inbox, 2, "during the downtime");
    // Reconnects refused while down, each after a longer wait: the policy's ceiling, less up to half of it (the
    // jitter that spreads the accounts of a restarted server).
    RetryPolicy backoff = SETTINGS.backoff();
    for (int retry = 0; retry < 3; retry++) {
      Duration ceiling = backoff.ceiling(retry);
      assertThat(harness.sleeper.awaitSleeping(1)).singleElement()
          .satisfies(wait -> assertThat(wait).isBetween(ceiling.dividedBy(2), ceiling));
      if (retry < 2) harness.sleeper.advanceToNextWakeUp();
    }
    greenMail.start();
    harness.sleeper.advanceToNextWakeUp();

    Await.until("onConnectionRestored", () -> harness.events.count("onConnectionRestored", ID) == 1,
        harness.events::toString);
    MessageRecord stored = harness.awaitNewMail(ID, inbox.getUidValidity(), missed);
    assertThat(IdleHarness.complete(stored)).isTrue();
    harness.awaitState(ID, State.IDLING);
    long after = IdleHarness.deliver(alice, inbox, 3, "after the restart");
    harness.awaitNewMail(ID, inbox.getUidValidity(), after);
    assertThat(harness.storedUids(ID)).containsExactly(before, missed, after);
    assertThat(harness.sleeper.sleeps()).hasSize(3);
  }
}
