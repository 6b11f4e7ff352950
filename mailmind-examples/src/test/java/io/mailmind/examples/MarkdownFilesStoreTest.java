package io.mailmind.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MarkdownFilesStoreTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = ExampleServer.greenMail();

  @Test
  void markdownFilesFollowTheMailbox(@TempDir Path root) throws Exception {
    GreenMailUser user = ExampleServer.user(GREENMAIL);
    ExampleServer.append(GREENMAIL, user, ExampleServer.html(1));
    ExampleServer.append(GREENMAIL, user, ExampleServer.html(2));

    try (MarkdownFilesStore store = new MarkdownFilesStore(ExampleServer.h2Store(), root)) {
      MarkdownFilesExample.syncOnce(store, ExampleServer.account(GREENMAIL), ExampleServer.PASSWORD);
      List<MessageRecord> stored = new ArrayList<>();
      store.forEachMessage("dev@127.0.0.1", stored::add);
      assertThat(stored).hasSize(2);
      for (MessageRecord message : stored) {
        Path file = store.fileOf(message.key());
        assertThat(file).startsWith(root);
        assertThat(Files.readString(file)).isEqualTo(message.markdown()).contains("Issue " + message.key().uid());
      }

      MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getInbox(user);
      inbox.getMessages().get(0).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
      inbox.expunge();
      MarkdownFilesExample.syncOnce(store, ExampleServer.account(GREENMAIL), ExampleServer.PASSWORD);

      MessageKey gone = stored.get(0).key();
      assertThat(store.message(gone)).isEmpty();
      assertThat(store.fileOf(gone)).doesNotExist();
      assertThat(store.fileOf(stored.get(1).key())).exists();
    }
  }

  @Test
  void folderNamesBecomeOneSafePathSegment() {
    assertThat(MarkdownFilesStore.safeName("Archive/2023")).isEqualTo("Archive%2F2023");
    assertThat(MarkdownFilesStore.safeName("..")).isEqualTo("%2E.");
    assertThat(MarkdownFilesStore.safeName("Entwürfe")).isEqualTo("Entwürfe");
    assertThat(MarkdownFilesStore.safeName("a%2Fb")).isEqualTo("a%252Fb");
  }
}
