package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The supervisor follows GreenMail accounts: GreenMail sends EXISTS and EXPUNGE during IDLE. */
class IdleSupervisorTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private GreenMailUser alice;
  private MailFolder aliceInbox;
  private ImapAccount aliceAccount;
  private IdleHarness harness;

  @BeforeEach
  void setUp() {
    alice = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    aliceInbox = GREENMAIL.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    aliceAccount = IdleHarness.account("alice@test", "127.0.0.1", GREENMAIL.getImap().getPort(), "alice");
  }

  @AfterEach
  void tearDown() {
    if (harness != null) harness.close();
  }

  private IdleHarness harness(IdleSettings settings) {
    harness = new IdleHarness(settings);
    return harness;
  }

  @Test
  @DisplayName("mail delivered during IDLE is stored complete, then onNewMail names its UID")
  void newMailDuringIdle() {
    long before = IdleHarness.deliver(alice, aliceInbox, 1, "already there");
    IdleHarness h = harness(IdleHarness.FAST);
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.IDLING);
    // The catch-up before the first IDLE stored what was there.
    assertThat(h.storedUids("alice@test")).containsExactly(before);
    Await.until("IDLE issued", () -> h.supervisor.watcher("alice@test").openSockets() == 1);

    long uid = IdleHarness.deliver(alice, aliceInbox, 2, "fresh");

    MessageRecord stored = h.awaitNewMail("alice@test", aliceInbox.getUidValidity(), uid);
    assertThat(IdleHarness.complete(stored)).isTrue();
    assertThat(stored.metadata().headers().subject()).isEqualTo("fresh");
    assertThat(stored.text()).contains("message 2");
    // The catch-up was the folder's first import: not new mail. What arrived after it is.
    assertThat(h.events.uids("onNewMail", "alice@test")).containsExactly(uid);
    assertThat(h.storedUids("alice@test")).containsExactly(before, uid);
    assertThat(h.events.count("onConnectionLost", "alice@test")).isZero();
    assertThat(h.supervisor.watcher("alice@test").followedFolder()).isEqualTo("INBOX");
  }

  @Test
  @DisplayName("a message expunged during IDLE leaves the store, with onMessagesDeleted")
  void expungeDuringIdle() throws Exception {
    long keep = IdleHarness.deliver(alice, aliceInbox, 1, "keep");
    long gone = IdleHarness.deliver(alice, aliceInbox, 2, "gone");
    IdleHarness h = harness(IdleHarness.FAST);
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.IDLING);
    assertThat(h.storedUids("alice@test")).containsExactly(keep, gone);

    aliceInbox.setFlags(new Flags(Flags.Flag.DELETED), true, gone, null, false);
    aliceInbox.expunge();

    Await.until("onMessagesDeleted", () -> h.events.uids("onMessagesDeleted", "alice@test").contains(gone),
        () -> h.events.toString());
    assertThat(h.storedUids("alice@test")).containsExactly(keep);
  }

  @Test
  @DisplayName("accounts added at run time are followed, removed ones are dropped with their connection")
  void accountsAddedAndRemoved() throws Exception {
    GreenMailUser bob = GREENMAIL.setUser("bob@example.org", "bob", "secret");
    MailFolder bobInbox = GREENMAIL.getManagers().getImapHostManager().getFolder(bob, "INBOX");
    ImapAccount bobAccount = IdleHarness.account("bob@test", "127.0.0.1", GREENMAIL.getImap().getPort(), "bob");
    IdleHarness h = harness(IdleHarness.FAST);
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.IDLING);
    assertThat(h.state("bob@test")).isEmpty();

    h.setAccounts(aliceAccount, bobAccount);
    h.supervisor.refresh();
    h.awaitState("bob@test", State.IDLING);
    long bobsMail = IdleHarness.deliver(bob, bobInbox, 1, "for bob");
    h.awaitNewMail("bob@test", bobInbox.getUidValidity(), bobsMail);

    AccountWatcher aliceWatcher = h.supervisor.watcher("alice@test");
    h.setAccounts(bobAccount);
    h.supervisor.refresh();

    assertThat(h.state("alice@test")).isEmpty();
    assertThat(aliceWatcher.awaitTermination(Await.DEFAULT)).isTrue();
    assertThat(aliceWatcher.followed().state()).isEqualTo(State.STOPPED);
    assertThat(aliceWatcher.openSockets()).isZero();
    assertThat(h.supervisor.followedAccounts()).extracting(FollowedAccount::accountId).containsExactly("bob@test");
    assertThat(h.events.count("onConnectionLost", "alice@test")).isZero();
  }

  @Test
  @DisplayName("a wrong password gives an ERROR state and one onError, and no retry until the record changes")
  void wrongPassword(CapturedLog log) {
    IdleHarness h = harness(IdleHarness.FAST);
    h.passwords.put("alice@test", "wrong");
    h.setAccounts(aliceAccount);
    h.start();

    h.awaitState("alice@test", State.ERROR);
    // The long wait begins, and virtual time does not pass it by itself.
    assertThat(h.sleeper.awaitSleeping(1)).containsExactly(IdleSettings.DEFAULT_ERROR_RETRY_DELAY);
    assertThat(h.events.causes("onError", "alice@test")).singleElement()
        .isInstanceOfSatisfying(MailConnectionException.class,
            e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.AUTHENTICATION));
    assertThat(h.logins("alice@test")).isEqualTo(1);
    assertThat(h.sleeper.sleeps()).containsExactly(IdleSettings.DEFAULT_ERROR_RETRY_DELAY);
    assertThat(h.events.count("onConnectionLost", "alice@test")).isZero();
    assertThat(log.warnings()).singleElement().asString().contains("alice@test - authentication failure")
        .doesNotContain("wrong");
    h.supervisor.refresh(); // same record: nothing changes
    assertThat(h.logins("alice@test")).isEqualTo(1);
    assertThat(h.state("alice@test")).isEqualTo(Optional.of(State.ERROR));

    // The host fixes the password and updates the account record: a fresh watcher logs in at once.
    h.passwords.put("alice@test", "secret");
    h.setAccounts(IdleHarness.account("alice@test", "localhost", GREENMAIL.getImap().getPort(), "alice"));
    h.supervisor.refresh();
    h.awaitState("alice@test", State.IDLING);
    long uid = IdleHarness.deliver(alice, aliceInbox, 1, "after the fix");
    h.awaitNewMail("alice@test", aliceInbox.getUidValidity(), uid);
    assertThat(h.logins("alice@test")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a wrong password is retried after an hour of virtual time, reported once, and followed once it works")
  @ExpectedLogs("a refused login is logged at each try")
  void wrongPasswordRetriedAfterAnHour() {
    Duration hour = IdleSettings.DEFAULT_ERROR_RETRY_DELAY;
    IdleHarness h = harness(IdleHarness.FAST);
    h.sleeper.manual();
    h.passwords.put("alice@test", "wrong");
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.ERROR);
    assertThat(h.sleeper.awaitSleeping(1)).containsExactly(hour);

    // Not a moment early.
    h.sleeper.advance(hour.minusMillis(1));
    assertThat(h.sleeper.pending()).containsExactly(Duration.ofMillis(1));
    assertThat(h.logins("alice@test")).isEqualTo(1);

    // After the hour, one more try, refused again: reported once only, and another hour to wait.
    h.sleeper.advance(Duration.ofMillis(1));
    Await.until("the second try", () -> h.logins("alice@test") == 2);
    assertThat(h.sleeper.awaitSleeping(1)).containsExactly(hour);
    assertThat(h.state("alice@test")).isEqualTo(Optional.of(State.ERROR));
    assertThat(h.events.count("onError", "alice@test")).isEqualTo(1);

    // The host fixes the password without changing the account record: the try after the next hour logs in.
    h.passwords.put("alice@test", "secret");
    assertThat(h.sleeper.advanceToNextWakeUp()).isEqualTo(hour);
    h.awaitState("alice@test", State.IDLING);
    assertThat(h.logins("alice@test")).isGreaterThanOrEqualTo(3); // the third try, then the catch-up's own
    long uid = IdleHarness.deliver(alice, aliceInbox, 1, "after the fix");
    h.awaitNewMail("alice@test", aliceInbox.getUidValidity(), uid);
    assertThat(h.sleeper.sleeps()).containsExactly(hour, hour);
    assertThat(h.sleeper.elapsed()).isEqualTo(hour.multipliedBy(2));
    assertThat(h.events.count("onError", "alice@test")).isEqualTo(1);
    assertThat(h.events.count("onConnectionLost", "alice@test")).isZero();
  }

  @Test
  @DisplayName("a failed new-mail run is reported once and retried with backoff while the connection stays up")
  @ExpectedLogs("the store fails on purpose")
  void newMailFailureIsRetried() {
    IdleHarness h = harness(IdleHarness.FAST);
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.IDLING);
    h.sleeper.manual();
    h.newMailFailures.set(3);

    long uid = IdleHarness.deliver(alice, aliceInbox, 1, "stored once the database is back");

    // Each retry waits the next backoff delay, in virtual time.
    for (Duration delay : List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80))) {
      assertThat(h.sleeper.awaitSleeping(1)).containsExactly(delay);
      assertThat(h.events.count("onNewMail", "alice@test")).isZero();
      h.sleeper.advance(delay);
    }
    MessageRecord stored = h.awaitNewMail("alice@test", aliceInbox.getUidValidity(), uid);
    assertThat(IdleHarness.complete(stored)).isTrue();
    assertThat(h.newMailFailures.get()).isZero();
    assertThat(h.events.causes("onError", "alice@test")).singleElement()
        .satisfies(e -> assertThat(e).hasMessage("the database is down"));
    assertThat(h.events.count("onConnectionLost", "alice@test")).isZero();
    assertThat(h.sleeper.sleeps()).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40),
        Duration.ofMillis(80));
  }

  @Test
  @DisplayName("close stops every watcher and closes its connection")
  void closeStopsEverything() throws Exception {
    IdleHarness h = harness(IdleHarness.FAST);
    h.setAccounts(aliceAccount);
    h.start();
    h.awaitState("alice@test", State.IDLING);
    AccountWatcher watcher = h.supervisor.watcher("alice@test");

    h.supervisor.close();

    assertThat(watcher.terminated()).isTrue();
    assertThat(watcher.followed().state()).isEqualTo(State.STOPPED);
    assertThat(h.supervisor.followedAccounts()).isEmpty();
    h.supervisor.close(); // twice is fine
  }
}
