package io.mailmind.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import io.mailmind.core.spi.MailStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueueExecutorExampleTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = ExampleServer.greenMail();

  @Test
  void everyTaskTravelsThroughTheQueueAsJson() throws Exception {
    GreenMailUser user = ExampleServer.user(GREENMAIL);
    for (int i = 1; i <= 5; i++) ExampleServer.append(GREENMAIL, user, ExampleServer.html(i));
    GREENMAIL.getManagers().getImapHostManager().createMailbox(user, "Sent");

    try (MailStore store = ExampleServer.h2Store()) {
      String summary = QueueExecutorExample.syncThroughQueue(store, ExampleServer.account(GREENMAIL),
          ExampleServer.PASSWORD);

      assertThat(summary).startsWith("5 new messages").contains("sync_folder=2");
      assertThat(store.countMessages("dev@127.0.0.1")).isEqualTo(5);
    }
  }
}
