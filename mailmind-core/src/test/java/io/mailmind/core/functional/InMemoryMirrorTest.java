package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Security;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.InMemoryMirror;
import jakarta.mail.Flags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine driven from a main with the in-memory store, against GreenMail. */
class InMemoryMirrorTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

  @Test
  void mainMirrorsTheAccount() throws Exception {
    var user = GREENMAIL.setUser("bob@example.org", "bob", "pw");
    var inbox = GREENMAIL.getManagers().getImapHostManager().getInbox(user);
    for (int i = 0; i < 3; i++) {
      inbox.appendMessage(GreenMailUtil.newMimeMessage(SampleMessages.plain(i, "hi " + i)), new Flags(), new Date());
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    InMemoryMailStore store = InMemoryMirror.run("127.0.0.1", GREENMAIL.getImap().getPort(), "bob", Security.PLAIN,
        "pw", new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(store.countMessages("bob@127.0.0.1")).isEqualTo(3);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("bob@127.0.0.1: 1 folders, 3 messages (3 new)").contains("INBOX");
  }
}
