package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.IdleOptions;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.model.FollowedAccount;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that starts following many accounts of one IMAP host at once (a start, a failover) connects them
 * {@code maxConnectingPerHost} at a time: IDLE connections and the catch-up syncs' connections together.
 */
class IdleConnectStormTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private static final int ACCOUNTS = 40;

  @Test
  @DisplayName("40 accounts on one host start at once: at most 2 connection set-ups in flight, every one followed")
  void fortyAccountsConnectTwoAtATime() {
    List<ImapAccount> accounts = new ArrayList<>();
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort());
        IdleHarness h = new IdleHarness(IdleHarness.FAST,
            IdleOptions.builder().maxConnectingAtOnce(16).maxConnectingPerHost(2).build())) {
      List<Long> delivered = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        GreenMailUser user = GREENMAIL.setUser("user" + i + "@example.org", "user" + i, "secret");
        MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getFolder(user, "INBOX");
        delivered.add(IdleHarness.deliver(user, inbox, i, "waiting for user " + i));
        accounts.add(IdleHarness.account("user" + i + "@test", "127.0.0.1", proxy.port(), "user" + i));
      }
      h.setAccounts(accounts.toArray(ImapAccount[]::new));

      h.start();

      Await.until("every account in IDLE", Duration.ofSeconds(60),
          () -> h.supervisor.followedAccounts().size() == ACCOUNTS
              && h.supervisor.followedAccounts().stream().allMatch(f -> f.state() == State.IDLING),
          () -> h.supervisor.followedAccounts().stream().filter(f -> f.state() != State.IDLING)
              .map(FollowedAccount::toString).toList() + ", proxy saw " + proxy.maxSettingUp() + " at once");
      // Each account was caught up over a sync connection of its own pool, through the same limiter.
      for (int i = 0; i < ACCOUNTS; i++) {
        assertThat(h.storedUids("user" + i + "@test")).as("user%d caught up", i).containsExactly(delivered.get(i));
      }
      assertThat(proxy.loginsAnswered()).as("an IDLE and a sync login per account")
          .isGreaterThanOrEqualTo(2 * ACCOUNTS);
      assertThat(proxy.maxSettingUp()).as("connection set-ups in flight at once").isBetween(1, 2);
      assertThat(h.engine.connectLimiter().inFlight()).isZero();
      for (ImapAccount account : accounts) {
        assertThat(h.events.count("onError", account.id())).as("errors of %s", account.id()).isZero();
      }
    }
  }
}
