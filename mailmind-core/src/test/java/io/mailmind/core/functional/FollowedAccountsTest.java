package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.SettableClock;
import io.mailmind.testkit.SteppingSleeper;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Mailmind#followedAccounts()}: what a host sees of the accounts followed in real time. */
class FollowedAccountsTest {
  private static final Instant STARTED = Instant.parse("2024-03-01T09:00:00Z");
  private static final Instant SERVER_DOWN = Instant.parse("2024-03-01T09:30:00Z");
  /** Fast reconnects and account refreshes; IDLE re-issued rarely. */
  private static final IdleOptions FAST = new IdleOptions(true, Duration.ofMinutes(29), Duration.ofMinutes(1),
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200));

  private final AtomicReference<Instant> now = new AtomicReference<>(STARTED);
  /** Reconnects and retries in virtual time: backoffs pass at once (up to a minute of them), the hour does not. */
  private final SteppingSleeper sleeper = new SteppingSleeper().autoAdvance(Duration.ofMinutes(1));
  private final AtomicReference<List<ImapAccount>> accounts = new AtomicReference<>(List.of());
  private GreenMail greenMail;
  private Mailmind mailmind;

  @BeforeEach
  void setUp() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
  }

  @AfterEach
  void tearDown() {
    if (mailmind != null) mailmind.close();
    greenMail.stop();
  }

  private ImapAccount account(String id, String username) {
    return ImapAccount.builder().id(id).host("127.0.0.1").port(greenMail.getImap().getPort())
        .security(Security.PLAIN).username(username).build();
  }

  private Mailmind start(String password) {
    mailmind = Mailmind.builder().store(new InMemoryMailStore()).accounts(accounts::get)
        .credentials(account -> Credentials.password(password)).idleOptions(FAST).clock(new SettableClock(now))
        .sleeper(sleeper).build();
    mailmind.start();
    return mailmind;
  }

  private Optional<FollowedAccount> followed(String accountId) {
    return mailmind.followedAccounts().stream().filter(f -> f.accountId().equals(accountId)).findFirst();
  }

  private void awaitState(String accountId, State state) {
    Await.until(accountId + " " + state, () -> followed(accountId).map(FollowedAccount::state).equals(Optional.of(state)),
        () -> mailmind.followedAccounts().toString());
  }

  @Test
  @DisplayName("each followed account shows IDLING since it started; a lost server shows RECONNECTING with the "
      + "failure; a dropped account leaves the list")
  @ExpectedLogs("the server is stopped under the followed account: connection lost")
  void statesFollowTheConnection() {
    greenMail.setUser("alice@example.org", "alice", "secret");
    greenMail.setUser("bob@example.org", "bob", "secret");
    accounts.set(List.of(account("alice@test", "alice"), account("bob@test", "bob")));
    Mailmind mailmind = start("secret");

    awaitState("alice@test", State.IDLING);
    awaitState("bob@test", State.IDLING);
    assertThat(mailmind.followedAccounts()).containsExactly(
        new FollowedAccount("alice@test", State.IDLING, STARTED, null),
        new FollowedAccount("bob@test", State.IDLING, STARTED, null));

    accounts.set(List.of(account("alice@test", "alice")));
    Await.until("bob dropped", () -> followed("bob@test").isEmpty(), () -> mailmind.followedAccounts().toString());
    assertThat(mailmind.followedAccounts()).extracting(FollowedAccount::accountId).containsExactly("alice@test");

    now.set(SERVER_DOWN);
    greenMail.stop();

    awaitState("alice@test", State.RECONNECTING);
    FollowedAccount lost = followed("alice@test").orElseThrow();
    assertThat(lost.since()).isEqualTo(SERVER_DOWN);
    assertThat(lost.lastError()).isNotBlank().doesNotContain("secret");

    mailmind.close();
    assertThat(mailmind.followedAccounts()).isEmpty();
  }

  @Test
  @DisplayName("a refused login shows ERROR with the server's reason, never the password")
  void refusedLoginShowsError(CapturedLog log) {
    greenMail.setUser("alice@example.org", "alice", "secret");
    accounts.set(List.of(account("alice@test", "alice")));
    Mailmind mailmind = start("wrong-password");

    awaitState("alice@test", State.ERROR);
    FollowedAccount refused = followed("alice@test").orElseThrow();
    assertThat(refused.since()).isEqualTo(STARTED);
    assertThat(refused.lastError()).isNotBlank().doesNotContain("wrong-password");
    // The periodic sync fails on its own thread: its warning may come after the watcher's ERROR.
    Await.until("the sync's failure logged", () -> log.warnings().stream()
        .anyMatch(line -> line.contains("alice@test - sync failed")), log::text);
    assertThat(log.text()).contains("LOGIN failed").doesNotContain("wrong-password");
    // The next try waits an hour, which no backoff shortens.
    assertThat(sleeper.awaitSleeping(1)).containsExactly(Duration.ofHours(1));
  }

  @Test
  @DisplayName("nothing is followed before start(), nor when IDLE is disabled")
  void emptyWithoutIdle() {
    greenMail.setUser("alice@example.org", "alice", "secret");
    accounts.set(List.of(account("alice@test", "alice")));
    try (Mailmind idle = Mailmind.builder().store(new InMemoryMailStore()).accounts(accounts::get)
        .credentials(account -> Credentials.password("secret")).idleOptions(FAST).build();
        Mailmind withoutIdle = Mailmind.builder().store(new InMemoryMailStore()).accounts(accounts::get)
            .credentials(account -> Credentials.password("secret")).idleOptions(IdleOptions.disabled()).build()) {
      assertThat(idle.followedAccounts()).isEmpty();
      withoutIdle.start();
      assertThat(withoutIdle.followedAccounts()).isEmpty();
    }
  }
}
