package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.testkit.FaultProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectionPoolLingerTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

  @Test
  void idleConnectionsCloseAfterTheLingerUnlessUsedAgain() throws Exception {
    GREENMAIL.setUser("alice@example.org", "alice", "secret");
    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", GREENMAIL.getImap().getPort())) {
      ImapAccount account = ImapAccount.builder().host("127.0.0.1").port(proxy.port()).security(Security.PLAIN)
          .username("alice").build();
      ConnectionPool pool = new ConnectionPool(account, a -> Credentials.password("secret"), SyncOptions.defaults(),
          new ConnectLimiter(16, 4));
      try {
        pool.release(pool.borrow(), false);
        pool.closeIdleLater(Duration.ofMillis(300));
        Thread.sleep(100);
        pool.release(pool.borrow(), false); // used again: its linger starts over
        assertThat(proxy.accepted()).isEqualTo(1);

        Thread.sleep(300); // the first linger has run out, but the connection was released since
        assertThat(proxy.open()).isEqualTo(1);

        pool.closeIdleLater(Duration.ofMillis(100));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.open() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(proxy.open()).isZero();
        pool.release(pool.borrow(), false); // the pool stays usable
        assertThat(proxy.accepted()).isEqualTo(2);
      } finally {
        pool.close();
      }
    }
  }
}
