package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.spi.MailTask;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.TcpFaultProxy;
import io.mailmind.testkit.VirtualSleeper;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A folder sync that fails on a transient connection failure is tried again by the engine's retry policy (200 ms,
 * then 400 ms, up to {@code maxAttempts} tries), in virtual time: the server refuses connections until the test's
 * sleeper lets it accept them again, and nothing really waits.
 */
class FolderRetryTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private final InMemoryMailStore store = new InMemoryMailStore();
  private final VirtualSleeper sleeper = new VirtualSleeper();
  private TcpFaultProxy proxy;
  private Mailmind mailmind;

  @BeforeEach
  void setUp() {
    GreenMailUser user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(user, "INBOX");
    for (int i = 1; i <= 3; i++) {
      inbox.appendMessage(GreenMailUtil.newMimeMessage(SampleMessages.plain(i, "plain " + i)), new Flags(),
          new Date(1_709_300_000_000L));
    }
    proxy = TcpFaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort());
    ImapAccount account = ImapAccount.builder().id("alice@test").host("127.0.0.1").port(proxy.port())
        .security(Security.PLAIN).username("alice").build();
    mailmind = Mailmind.builder().store(store).accounts(account).credentials(a -> Credentials.password("secret"))
        .idleOptions(IdleOptions.disabled()).sleeper(sleeper).build();
  }

  @AfterEach
  void tearDown() {
    mailmind.close();
    proxy.close();
  }

  private List<Long> storedUids() {
    List<Long> uids = new ArrayList<>();
    store.forEachMessage("alice@test", record -> uids.add(record.key().uid()));
    return uids;
  }

  @Test
  @DisplayName("a folder sync refused twice is retried after 200 ms and 400 ms of virtual time, and then succeeds")
  void retriedUntilTheServerAnswers() {
    proxy.refuse();
    sleeper.onSleep(slept -> {
      if (sleeper.sleeps().size() == 2) proxy.accept();
    });

    mailmind.taskHandler().handle(new MailTask.SyncFolder("alice@test", "INBOX"));

    assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(storedUids()).hasSize(3);
    assertThat(proxy.accepted()).isPositive();
  }

  @Test
  @DisplayName("a server that stays down fails the folder sync after maxAttempts tries, with its transient failure")
  void givesUpAfterMaxAttempts() {
    proxy.refuse();

    assertThatThrownBy(() -> mailmind.taskHandler().handle(new MailTask.SyncFolder("alice@test", "INBOX")))
        .isInstanceOfSatisfying(MailConnectionException.class, e -> assertThat(e.isTransient()).isTrue());

    assertThat(sleeper.sleeps()).as("3 tries (the default maxAttempts), 2 waits")
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(proxy.accepted()).isZero();
    assertThat(storedUids()).isEmpty();
  }
}
