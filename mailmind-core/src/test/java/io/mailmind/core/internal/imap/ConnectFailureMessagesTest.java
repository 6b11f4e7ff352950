package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A server that cannot be reached is reported in plain words, on real sockets. */
class ConnectFailureMessagesTest {

  @Test
  @DisplayName("a closed port reads 'connection refused', without Angus' misleading 'timeout 30000'")
  void refusedPortSaysConnectionRefused() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    ImapAccount account = ImapAccount.builder().id("a@test").host("127.0.0.1").port(port).security(Security.PLAIN)
        .username("a").build();

    assertThatThrownBy(() -> connect(account))
        .isInstanceOfSatisfying(MailConnectionException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageStartingWith("a@test - connecting to 127.0.0.1:" + port + ": connection refused")
        .hasMessageNotContaining("timeout");
  }

  @Test
  @DisplayName("a host name that does not resolve reads 'unknown host' and the name")
  void unknownHostSaysUnknownHost() {
    ImapAccount account = ImapAccount.builder().id("a@test").host("no-such-host.invalid").port(993)
        .security(Security.TLS).username("a").build();

    assertThatThrownBy(() -> connect(account))
        .isInstanceOf(MailConnectionException.class)
        .hasMessageStartingWith("a@test - connecting to no-such-host.invalid:993: unknown host no-such-host.invalid")
        .hasMessageNotContaining("timeout");
  }

  private static ImapConnection connect(ImapAccount account) {
    return ImapConnection.connect(account, Credentials.password("secret"), SyncOptions.defaults(),
        () -> ResponseGuard.NO_DEADLINE);
  }
}
