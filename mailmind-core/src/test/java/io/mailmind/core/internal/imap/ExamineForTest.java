package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.testkit.FaultProxy;
import jakarta.mail.Flags;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ImapConnection#examineFor}: the content batches of a folder run on the selection the connection already
 * has, unless a message may be newer than that selection, a fetch on it failed, or another folder is asked for.
 */
class ExamineForTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

  private GreenMailUser user;

  @BeforeEach
  void seed() throws Exception {
    user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    for (int i = 1; i <= 3; i++) append("INBOX", i);
    hosts().createMailbox(user, "Sent");
    append("Sent", 10);
  }

  @Test
  void keepsTheSelectionUnlessANewerMessageAFailedFetchOrAnotherFolder() throws Exception {
    AtomicBoolean refuseFetches = new AtomicBoolean();
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort())) {
      // the server's tagged OK of a UID FETCH turned into a NO while refuseFetches is set
      proxy.rewriteServerLines(line -> refuseFetches.get() && line.matches("\\S+ OK .*FETCH.*")
          ? line.replaceFirst(" OK ", " NO ") : line);
      ImapAccount account = ImapAccount.builder().host("127.0.0.1").port(proxy.port()).security(Security.PLAIN)
          .username("alice").build();
      ConnectionPool pool = new ConnectionPool(account, a -> Credentials.password("secret"), SyncOptions.defaults(),
          new ConnectLimiter(16, 4));
      try {
        ImapConnection connection = pool.borrow();
        SelectedFolder selected = connection.select("INBOX");
        long[] uids = connection.listMessages().stream().mapToLong(ServerMessage::uid).sorted().toArray();
        assertThat(uids).hasSize(3);
        proxy.takeClientCommands();

        // the messages the selection knows: fetched on it, twice, with no CLOSE or EXAMINE
        assertThat(connection.examineFor("INBOX", new long[] {uids[0], uids[1]})).isEqualTo(selected.uidValidity());
        assertThat(connection.fetchBodies(new long[] {uids[0], uids[1]})).hasSize(2);
        assertThat(connection.examineFor("INBOX", new long[] {uids[2]})).isEqualTo(selected.uidValidity());
        assertThat(connection.fetchBodies(new long[] {uids[2]})).singleElement()
            .satisfies(body -> assertThat(text(body)).contains("Subject: message 3"));
        assertThat(proxy.takeClientCommands()).hasSize(2).allMatch(c -> c.startsWith("UID FETCH"));

        // a message that arrived since has a UID at least the selection's UIDNEXT: examined again, then fetched
        append("INBOX", 4);
        long newer = selected.uidNext();
        assertThat(connection.examineFor("INBOX", new long[] {uids[0], newer})).isEqualTo(selected.uidValidity());
        assertThat(connection.fetchBodies(new long[] {newer})).singleElement()
            .satisfies(body -> assertThat(text(body)).contains("Subject: message 4"));
        List<String> commands = proxy.takeClientCommands();
        assertThat(commands).anyMatch(c -> c.startsWith("EXAMINE INBOX"));
        assertThat(commands.get(commands.size() - 1)).startsWith("UID FETCH " + newer + " ");

        // after a failed fetch the folder is examined again (a retry finds out whether it is still there)
        refuseFetches.set(true);
        assertThatThrownBy(() -> connection.fetchBodies(new long[] {uids[0]}))
            .isInstanceOf(MailConnectionException.class);
        refuseFetches.set(false);
        proxy.takeClientCommands();
        assertThat(connection.examineFor("INBOX", new long[] {uids[0]})).isEqualTo(selected.uidValidity());
        assertThat(proxy.takeClientCommands()).anyMatch(c -> c.startsWith("EXAMINE INBOX"));

        // another folder is examined
        connection.examineFor("Sent", new long[] {1});
        assertThat(proxy.takeClientCommands()).anyMatch(c -> c.startsWith("EXAMINE Sent"));
        pool.release(connection, false);
      } finally {
        pool.close();
      }
    }
  }

  private ImapHostManager hosts() {
    return GREENMAIL.getManagers().getImapHostManager();
  }

  private void append(String folder, int n) throws Exception {
    MailFolder target = hosts().getFolder(user, folder);
    target.appendMessage(GreenMailUtil.newMimeMessage("From: a@example.org\r\nTo: alice@example.org\r\n"
        + "Subject: message " + n + "\r\nMessage-ID: <m" + n + "@example.org>\r\n\r\nbody " + n + "\r\n"),
        new Flags(), new Date(1_709_300_000_000L));
  }

  private static String text(FetchedBody body) {
    return new String(body.bytes(), body.offset(), body.length(), StandardCharsets.US_ASCII);
  }
}
