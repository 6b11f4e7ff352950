package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.RecordingEventListener;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Mailmind#start()} starts the IDLE supervisor when IDLE is enabled, and close() stops it. */
class MailmindIdleTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  @Test
  @DisplayName("after start(), mail delivered after the first scheduled sync arrives through IDLE as onNewMail")
  void startFollowsAccounts() {
    GreenMailUser alice = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    long first = IdleHarness.deliver(alice, inbox, 1, "before start");
    ImapAccount account = IdleHarness.account("alice@test", "127.0.0.1", GREENMAIL.getImap().getPort(), "alice");
    InMemoryMailStore store = new InMemoryMailStore();
    RecordingEventListener events = new RecordingEventListener();
    IdleOptions defaults = IdleOptions.defaults();
    IdleOptions idle = new IdleOptions(true, defaults.reissueInterval(), defaults.pollInterval(),
        Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).listener(events).idleOptions(idle).build()) {
      mailmind.start();
      Await.until("the first scheduled sync", () -> events.count("onSyncFinished", "alice@test") == 1,
          events::toString);
      Await.until("the first message stored", () -> store.message(
          MessageKey.of("alice@test", "INBOX", inbox.getUidValidity(), first)).isPresent(), events::toString);

      long uid = IdleHarness.deliver(alice, inbox, 2, "while following");

      Await.until("onNewMail", () -> events.uids("onNewMail", "alice@test").contains(uid), events::toString);
      MessageRecord stored =
          store.message(MessageKey.of("alice@test", "INBOX", inbox.getUidValidity(), uid)).orElseThrow();
      assertThat(stored.state()).isEqualTo(ContentState.COMPLETE);
      assertThat(events.count("onError", "alice@test")).isZero();
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("mailmind-idle-alice"));
  }
}
