package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.RecordingEventListener;
import io.mailmind.testkit.gmail.GmailModel;
import io.mailmind.testkit.gmail.ScriptedGmailServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Following a Gmail account: IDLE on All Mail, and the new message stored once with its labels. */
class GmailIdleTest {
  private static final String ALL_MAIL = "[Gmail]/All Mail";

  @Test
  @DisplayName("new Gmail mail arrives through IDLE on All Mail and is stored with the folder its labels give")
  void followsAllMail() throws Exception {
    GmailModel model = GmailModel.english();
    model.addMessage(plain(1), "\\Inbox");
    InMemoryMailStore store = new InMemoryMailStore();
    RecordingEventListener events = new RecordingEventListener();
    IdleOptions defaults = IdleOptions.defaults();
    IdleOptions idle = new IdleOptions(true, defaults.reissueInterval(), defaults.pollInterval(),
        Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));
    try (ScriptedGmailServer server = ScriptedGmailServer.start(model, "me@gmail.com", "secret")) {
      ImapAccount account = ImapAccount.builder().id("me").host("127.0.0.1").port(server.port())
          .security(Security.PLAIN).username("me@gmail.com").build();
      try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
          .credentials(a -> Credentials.password("secret")).listener(events).idleOptions(idle).build()) {
        mailmind.start();
        Await.until("the first sync", () -> events.count("onSyncFinished", "me") == 1, events::toString);
        Await.until("IDLE on All Mail", () -> server.commands().contains("IDLE"),
            () -> server.commands().toString());

        long added = model.addMessage(plain(2), "\\Inbox", "Work");

        Await.until("onNewMail", () -> events.count("onNewMail", "me") > 0,
            () -> events + " " + server.commands());
        MessagesEvent event = (MessagesEvent) events.events("onNewMail", "me").get(0).payload();
        assertThat(event.imapFolder()).isEqualTo(ALL_MAIL);
        List<MessageRecord> all = new ArrayList<>();
        store.forEachMessage("me", all::add);
        MessageRecord record = all.stream().filter(r -> r.metadata().gmMsgId() == added).findFirst().orElseThrow();
        assertThat(event.uids()).containsExactly(record.key().uid());
        assertThat(record.state()).isEqualTo(ContentState.COMPLETE);
        assertThat(record.metadata().folder()).isEqualTo("Inbox");
        assertThat(record.metadata().labels()).containsExactly("\\Inbox", "Work");
        assertThat(events.count("onError", "me")).isZero();
      }
      assertThat(server.unsupported()).isEmpty();
    }
  }

  private static String plain(int n) {
    return "Message-ID: <idle-" + n + "@example.org>\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\n"
        + "From: Bob <bob@example.org>\r\nSubject: Message " + n + "\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n\r\nBody " + n + "\r\n";
  }
}
