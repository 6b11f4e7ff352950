package io.mailmind.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.SyncReport;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.logs.ExpectedLogs;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link MailmindMetrics} against a real sync of GreenMail, read from a {@link SimpleMeterRegistry}. */
class MailmindMetricsTest {
  private static final IdleOptions FAST = new IdleOptions(true, Duration.ofMinutes(29), Duration.ofMinutes(1),
      Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private GreenMail greenMail;
  private Mailmind mailmind;

  @BeforeEach
  void setUp() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    greenMail.start();
    GreenMailUser alice = greenMail.setUser("alice@example.org", "alice", "secret");
    for (int i = 1; i <= 3; i++) {
      alice.deliver(GreenMailUtil.createTextEmail("alice@example.org", "carol@example.org", "hello " + i,
          "body " + i, ServerSetupTest.SMTP));
    }
    greenMail.setUser("bob@example.org", "bob", "secret");
  }

  @AfterEach
  void tearDown() {
    if (mailmind != null) mailmind.close();
    greenMail.stop();
    registry.close();
  }

  private ImapAccount account(String id, String username) {
    return ImapAccount.builder().id(id).host("127.0.0.1").port(greenMail.getImap().getPort())
        .security(Security.PLAIN).username(username).build();
  }

  private Mailmind build(MailmindMetrics metrics, IdleOptions idle) {
    Map<String, String> passwords = Map.of("alice@test", "secret", "bob@test", "wrong-password");
    mailmind = Mailmind.builder().store(new InMemoryMailStore())
        .accounts(account("alice@test", "alice"), account("bob@test", "bob"))
        .credentials(account -> Credentials.password(passwords.get(account.id())))
        .idleOptions(idle).metrics(metrics).build();
    return mailmind;
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  @Test
  @DisplayName("a sync counts its messages, bytes, phases and errors by kind, per account")
  @ExpectedLogs("a refused login is counted, and logged")
  void syncIsMeasuredPerAccount() {
    MailmindMetrics metrics = MailmindMetrics.create();
    build(metrics, IdleOptions.disabled());
    SyncReport alice = mailmind.sync("alice@test");
    metrics.bindTo(registry); // bound after the work: the counts are kept from the start
    mailmind.sync("bob@test");

    assertThat(alice.errors()).isZero();
    assertThat(counter("mailmind.messages.stored", "account", "alice@test")).isEqualTo(3);
    assertThat(counter("mailmind.messages.stored.bytes", "account", "alice@test")).isEqualTo(alice.bytes())
        .isPositive();
    assertThat(registry.get("mailmind.sync.duration").tags("account", "alice@test", "phase", "account")
        .functionTimer().count()).isEqualTo(1);
    assertThat(registry.get("mailmind.sync.duration").tags("account", "alice@test", "phase", "folder")
        .functionTimer().count()).isPositive();
    assertThat(registry.get("mailmind.sync.duration").tags("account", "alice@test", "phase", "store")
        .functionTimer().count()).isPositive();
    assertThat(counter("mailmind.errors", "account", "alice@test", "kind", "authentication")).isZero();
    assertThat(counter("mailmind.errors", "account", "bob@test", "kind", "authentication")).isEqualTo(1);
    assertThat(counter("mailmind.messages.stored", "account", "bob@test")).isZero();
    // The sync's connections linger for the next sync; none is counted twice.
    assertThat(registry.get("mailmind.connections.open").tag("account", "alice@test").gauge().value())
        .isBetween(0.0, 2.0);
    assertThat(registry.get("mailmind.connections.open").tag("account", "bob@test").gauge().value()).isZero();
  }

  @Test
  @DisplayName("followed accounts and open connections are gauges; without the account tag every meter sums")
  @ExpectedLogs("a refused login is counted, and logged")
  void followingWithoutTheAccountTag() {
    MailmindMetrics metrics = MailmindMetrics.builder().accountTag(false).build();
    metrics.bindTo(registry);
    build(metrics, FAST);
    mailmind.sync("alice@test");
    mailmind.start();
    Await.until("alice followed", () -> registry.get("mailmind.accounts.followed").gauge().value() == 1,
        () -> mailmind.status().toString());

    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("account")).isNull());
    List<String> names = registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).distinct().toList();
    assertThat(names).contains("mailmind.accounts.followed", "mailmind.connections.open", "mailmind.messages.stored",
        "mailmind.messages.stored.bytes", "mailmind.errors", "mailmind.reconnects", "mailmind.sync.duration");
    assertThat(registry.get("mailmind.messages.stored").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("mailmind.connections.open").gauge().value()).isGreaterThanOrEqualTo(1); // IDLE's
    // bob's refused login, from the sync schedule or from IDLE: one kind, reported once.
    Await.until("bob's error", () -> registry.get("mailmind.errors").tag("kind", "authentication")
        .functionCounter().count() >= 1, () -> mailmind.status().toString());

    mailmind.close();
    assertThat(registry.get("mailmind.accounts.followed").gauge().value()).isZero();
    assertThat(registry.get("mailmind.connections.open").gauge().value()).isZero();
  }
}
