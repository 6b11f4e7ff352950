package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Mailmind;
import io.mailmind.core.MailmindException;
import io.mailmind.core.Security;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.RecordingEventListener;
import io.mailmind.testkit.SteppingSleeper;
import io.mailmind.testkit.logs.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A CredentialsProvider that gives no secret (a password read from an unset variable) is a configuration error of
 * the account: reported once with what is wrong, not a NullPointerException retried every few seconds.
 */
class MissingCredentialsTest {
  private static final IdleOptions FAST = new IdleOptions(true, Duration.ofMinutes(29), Duration.ofMinutes(1),
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200));

  private final SteppingSleeper sleeper = new SteppingSleeper().autoAdvance(Duration.ofMinutes(1));
  private final RecordingEventListener events = new RecordingEventListener();
  private final AtomicInteger asked = new AtomicInteger();
  private GreenMail greenMail;
  private Mailmind mailmind;

  @BeforeEach
  void setUp() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    greenMail.setUser("alice@example.org", "alice", "secret");
  }

  @AfterEach
  void tearDown() {
    if (mailmind != null) mailmind.close();
    greenMail.stop();
  }

  @Test
  @DisplayName("a null password is one configuration error that says so, however often the sync and IDLE try")
  void nullSecretIsReportedOnce(CapturedLog log) {
    ImapAccount account = ImapAccount.builder().id("alice@test").host("127.0.0.1")
        .port(greenMail.getImap().getPort()).security(Security.PLAIN).username("alice").build();
    String unset = null; // System.getenv("IMAP_PASSWORD") of a host that forgot to set it
    mailmind = Mailmind.builder().store(new InMemoryMailStore()).accounts(account)
        .credentials(acct -> {
          asked.incrementAndGet();
          return Credentials.password(unset);
        })
        .listener(events).idleOptions(FAST).sleeper(sleeper).build();

    SyncReport first = mailmind.sync("alice@test");
    SyncReport second = mailmind.sync("alice@test");
    mailmind.start();
    // The IDLE watcher tries too, and again after each (virtual) backoff.
    Await.until("IDLE tried several times", () -> asked.get() >= 6, () -> "asked " + asked.get());
    Await.until("IDLE in ERROR", () -> mailmind.followedAccounts().stream()
        .anyMatch(f -> f.state() == FollowedAccount.State.ERROR), () -> mailmind.followedAccounts().toString());

    assertThat(first.errors()).isPositive();
    assertThat(second.errors()).isPositive();
    List<MailmindException> errors = events.causes("onError", "alice@test");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).isInstanceOfSatisfying(MailConnectionException.class,
        e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.CONFIGURATION))
        .hasMessage("alice@test - no credentials for alice@127.0.0.1: the CredentialsProvider gave no password or "
            + "token (secret is null: is the secret configured?)");
    assertThat(mailmind.followedAccounts().get(0).lastError()).contains("no credentials");
    assertThat(log.warningsAndErrors()).as("logged once by the sync and once by the IDLE watcher, not per try")
        .hasSize(2).allMatch(line -> line.contains("alice@test - ") && line.contains("no credentials for "
            + "alice@127.0.0.1") && line.contains("secret is null: is the secret configured?"));
    assertThat(log.text()).doesNotContain("NullPointerException");
    assertThat(log.stackTraceLines()).isZero();
  }
}
