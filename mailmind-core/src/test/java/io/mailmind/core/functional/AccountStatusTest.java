package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.AccountStatus;
import io.mailmind.core.model.AccountStatus.LastSync.Outcome;
import io.mailmind.core.model.AccountStatus.State;
import io.mailmind.core.model.ErrorKind;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.ManualOwnership;
import io.mailmind.testkit.SettableClock;
import io.mailmind.testkit.SteppingSleeper;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Mailmind#status()}: where each account stands, kept by the engine, with the engine's clock. */
class AccountStatusTest {
  private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
  private static final Instant T1 = Instant.parse("2024-03-01T09:10:00Z");
  private static final Instant T2 = Instant.parse("2024-03-01T09:20:00Z");
  private static final IdleOptions FAST = new IdleOptions(true, Duration.ofMinutes(29), Duration.ofMinutes(1),
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200));

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final SteppingSleeper sleeper = new SteppingSleeper().autoAdvance(Duration.ofMinutes(1));
  private final AtomicReference<List<ImapAccount>> accounts = new AtomicReference<>(List.of());
  private GreenMail greenMail;
  private Mailmind mailmind;

  @BeforeEach
  void setUp() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    greenMail.setUser("alice@example.org", "alice", "secret")
        .deliver(GreenMailUtil.createTextEmail("alice@example.org", "carol@example.org", "hello", "body one",
            ServerSetupTest.SMTP));
    greenMail.setUser("bob@example.org", "bob", "secret");
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

  private Mailmind build(IdleOptions idle, ManualOwnership ownership, Map<String, String> passwords) {
    Mailmind.Builder builder = Mailmind.builder().store(new InMemoryMailStore()).accounts(accounts::get)
        .credentials(account -> Credentials.password(passwords.get(account.id()))).idleOptions(idle)
        .clock(new SettableClock(now)).sleeper(sleeper);
    if (ownership != null) builder.ownership(ownership);
    mailmind = builder.build();
    return mailmind;
  }

  private Map<String, AccountStatus> byId() {
    return mailmind.status().stream().collect(Collectors.toMap(AccountStatus::accountId, s -> s));
  }

  @Test
  @DisplayName("a synced, followed account: FOLLOWING since it connected, its last sync, nothing pending, no error;"
      + " dropped from the source it is DISABLED since then")
  void followedAccountThenDisabled() {
    accounts.set(List.of(account("alice@test", "alice")));
    build(FAST, null, Map.of("alice@test", "secret"));
    assertThat(mailmind.status()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(State.SCHEDULED); // not started: synced only on demand
      assertThat(s.lastSync()).isNull();
      assertThat(s.messagesPending()).isEqualTo(-1);
    });

    SyncReport report = mailmind.sync("alice@test");
    assertThat(report.errors()).isZero();
    mailmind.start();
    Await.until("alice followed", () -> mailmind.status("alice@test").map(AccountStatus::state)
        .equals(java.util.Optional.of(State.FOLLOWING)), () -> mailmind.status().toString());

    AccountStatus alice = mailmind.status("alice@test").orElseThrow();
    assertThat(alice.since()).isEqualTo(T0);
    assertThat(alice.lastSync().started()).isEqualTo(T0);
    assertThat(alice.lastSync().outcome()).isIn(Outcome.SUCCEEDED, Outcome.RUNNING); // the schedule's first run
    assertThat(alice.lastError()).isNull();
    assertThat(alice.messagesPending()).isIn(0L, -1L);
    Await.until("the scheduled sync ended", () -> mailmind.status("alice@test").orElseThrow().lastSync().outcome()
        == Outcome.SUCCEEDED, () -> mailmind.status().toString());
    assertThat(mailmind.status("alice@test").orElseThrow().messagesPending()).isZero();

    now.set(T1);
    accounts.set(List.of());
    AccountStatus disabled = mailmind.status("alice@test").orElseThrow();
    assertThat(disabled.state()).isEqualTo(State.DISABLED);
    assertThat(disabled.since()).isEqualTo(T1);
    now.set(T2);
    assertThat(mailmind.status("alice@test").orElseThrow().since()).as("unchanged while still disabled").isEqualTo(T1);
    assertThat(mailmind.status("nobody@test")).isEmpty();
  }

  @Test
  @DisplayName("without IDLE: a refused login is ERROR with its kind and time, a good account SCHEDULED, one owned"
      + " elsewhere NOT_OWNED; the password never shows")
  @ExpectedLogs("a refused login is logged")
  void errorsScheduleAndOwnership() {
    accounts.set(List.of(account("alice@test", "alice"), account("bob@test", "bob"), account("carol@test", "alice")));
    ManualOwnership ownership = new ManualOwnership("alice@test", "bob@test");
    build(IdleOptions.disabled(), ownership,
        Map.of("alice@test", "secret", "bob@test", "wrong-password", "carol@test", "secret"));

    mailmind.sync("alice@test");
    now.set(T1);
    SyncReport refused = mailmind.sync("bob@test");
    assertThat(refused.errors()).isPositive();

    Map<String, AccountStatus> status = byId();
    assertThat(mailmind.status()).extracting(AccountStatus::accountId).containsExactly("alice@test", "bob@test", "carol@test");
    assertThat(status.get("alice@test").state()).isEqualTo(State.SCHEDULED);
    assertThat(status.get("alice@test").lastSync().outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(status.get("alice@test").lastSync().ended()).isEqualTo(T0);

    AccountStatus bob = status.get("bob@test");
    assertThat(bob.state()).isEqualTo(State.ERROR);
    assertThat(bob.since()).isEqualTo(T1);
    assertThat(bob.lastSync().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(bob.lastError().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(bob.lastError().at()).isEqualTo(T1);
    assertThat(bob.lastError().message()).contains("bob@test").doesNotContain("wrong-password");
    assertThat(bob.toString()).doesNotContain("wrong-password");

    assertThat(status.get("carol@test").state()).isEqualTo(State.NOT_OWNED);
  }
}
