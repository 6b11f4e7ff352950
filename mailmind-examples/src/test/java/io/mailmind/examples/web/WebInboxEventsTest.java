package io.mailmind.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.mailmind.core.Mailmind;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code /events} stream (Server-Sent Events) of the web inbox, read over plain HTTP. */
class WebInboxEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final GreenMailExtension greenMail = TestMailbox.greenMail();

  private TestMailbox mailbox;

  @BeforeEach
  void mailbox() {
    mailbox = new TestMailbox(greenMail);
  }

  @AfterEach
  void closeStore() {
    mailbox.store.close();
  }

  @Test
  void newMailIsPushedAsRefreshNeeded() throws Exception {
    mailbox.append("INBOX", TestMailbox.text("first", "ana@example.es", "First", "Sat, 01 Nov 2025 10:00:00 +0000", "1"));
    CountDownLatch syncs = new CountDownLatch(2);
    try (WebInbox inbox = WebInbox.builder(mailbox.store, mailbox.account.id()).port(0).start();
         Mailmind mailmind = mailbox.mailmind().listener(inbox.listener())
             .listener(new EventListener() {
               @Override
               public void onSyncFinished(SyncReport report) {
                 syncs.countDown();
               }
             }).build();
         EventLines events = EventLines.open(inbox.uri())) {
      assertThat(events.response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
      events.await(": connected"::equals);
      mailmind.sync(mailbox.account); // as serve does: a full sync, then follow
      JsonNode synced = JSON.readTree(events.awaitData("refresh_needed"));
      assertThat(synced.get("reason").asText()).isEqualTo("sync_finished");
      assertThat(synced.get("messages_new").asLong()).isEqualTo(1);
      mailmind.start();
      assertThat(syncs.await(60, TimeUnit.SECONDS)).isTrue(); // start() syncs once more; from now on IDLE finds new mail

      mailbox.deliver(TestMailbox.text("second", "zoe@example.no", "Just delivered <b>now</b>",
          "Mon, 03 Nov 2025 10:00:00 +0000", "2"));
      JsonNode data = JSON.readTree(events.awaitData("refresh_needed"));

      assertThat(data.get("reason").asText()).isEqualTo("new_mail");
      assertThat(data.get("folder").asText()).isEqualTo("Inbox");
      assertThat(data.get("imap_folder").asText()).isEqualTo("INBOX");
      assertThat(data.get("uids").toString()).isEqualTo("[2]");
      JsonNode list = JSON.readTree(Http.get(inbox.uri(), "/api/messages").body());
      assertThat(list.get("messages").get(0).get("subject").asText()).isEqualTo("Just delivered <b>now</b>");
    }
  }

  @Test
  void onlyTheServedAccountsChangesAreSent() throws Exception {
    try (WebInbox inbox = WebInbox.builder(mailbox.store, mailbox.account.id()).port(0).start();
         EventLines events = EventLines.open(inbox.uri())) {
      events.await(": connected"::equals);

      inbox.listener().onNewMail(new MessagesEvent("someone-else", "Inbox", "INBOX", 1, List.of(7L), Instant.now()));
      inbox.listener().onMessagesDeleted(
          new MessagesEvent(mailbox.account.id(), "Archive", "Archive", 1, List.of(3L, 4L), Instant.now()));
      JsonNode data = JSON.readTree(events.awaitData("refresh_needed"));

      assertThat(data.get("reason").asText()).isEqualTo("messages_deleted");
      assertThat(data.get("uids").toString()).isEqualTo("[3,4]");
    }
  }

  @Test
  void heartbeatCommentsKeepTheStreamOpen() throws Exception {
    try (WebInbox inbox = WebInbox.builder(mailbox.store, mailbox.account.id()).port(0)
             .heartbeat(Duration.ofMillis(50)).start();
         EventLines events = EventLines.open(inbox.uri())) {
      assertThat(events.await(line -> line.startsWith("retry: "))).isEqualTo("retry: 2000");
      events.await(": heartbeat"::equals);
      events.await(": heartbeat"::equals);
    }
  }

  @Test
  void closingTheInboxEndsItsStreams() throws Exception {
    WebInbox inbox = WebInbox.builder(mailbox.store, mailbox.account.id()).port(0).start();
    try (EventLines events = EventLines.open(inbox.uri())) {
      events.await(": connected"::equals);

      inbox.close();

      events.await(EventLines.END::equals);
    }
  }
}
