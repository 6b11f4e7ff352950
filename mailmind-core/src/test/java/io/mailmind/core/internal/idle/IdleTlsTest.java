package io.mailmind.core.internal.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.model.FollowedAccount.State;
import io.mailmind.testkit.Await;
import io.mailmind.testkit.FaultProxy;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDLE over implicit TLS, with the certificate and host name checked: the socket tracker layers TLS with the
 * account's trust settings and still controls the plain socket underneath (read timeouts, abort). GreenMail's own
 * certificate has no subject alternative name, so the test makes one for 127.0.0.1 with the JDK's keytool.
 */
class IdleTlsTest {
  private static final String ID = "alice@tls";

  @TempDir
  static Path dir;
  private static Path certificate;
  private static GreenMail greenMail;
  private FaultProxy proxy;
  private IdleHarness harness;

  @BeforeAll
  static void startServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    certificate = dir.resolve("server.pem");
    keytool("-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "greenmail", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", certificate.toString());
    // Read once per JVM by GreenMail's TLS socket factory: no other test may start a TLS GreenMail before this one.
    System.setProperty("greenmail.tls.keystore.file", keystore.toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
    greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS));
    greenMail.start();
  }

  @AfterAll
  static void stopServer() {
    if (greenMail != null) greenMail.stop();
  }

  @AfterEach
  void tearDown() {
    if (harness != null) harness.close();
    if (proxy != null) proxy.close();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new IOException("keytool failed: " + output);
  }

  @Test
  @DisplayName("over TLS, new mail arrives during IDLE and a silent connection is detected and replaced")
  @ExpectedLogs("the silent connection is logged as lost")
  void idleOverTls() throws IOException {
    assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
    GreenMailUser alice = greenMail.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = greenMail.getManagers().getImapHostManager().getFolder(alice, "INBOX");
    proxy = FaultProxy.start("127.0.0.1", greenMail.getImaps().getPort());
    ImapAccount account = ImapAccount.builder().id(ID).host("127.0.0.1").port(proxy.port()).security(Security.TLS)
        .username("alice").trustedCertificate(certificate).build();
    harness = new IdleHarness(IdleHarness.FAST.withReissueInterval(Duration.ofMillis(300))
        .withAnswerTimeout(Duration.ofSeconds(2))); // generous: a loaded CI machine answers DONE slowly
    harness.setAccounts(account);
    harness.start();
    harness.awaitState(ID, State.IDLING);

    long uid = IdleHarness.deliver(alice, inbox, 1, "over TLS");
    assertThat(IdleHarness.complete(harness.awaitNewMail(ID, inbox.getUidValidity(), uid))).isTrue();

    proxy.blackHoleAll();
    long missed = IdleHarness.deliver(alice, inbox, 2, "while silent");
    Await.until("onConnectionLost", () -> harness.events.count("onConnectionLost", ID) == 1,
        harness.events::toString);
    // Silent after DONE, or (when the silence began between two rounds) silent after the next IDLE: the watchdog
    // notices either within the answer timeout.
    assertThat(harness.events.causes("onConnectionLost", ID).get(0).getMessage())
        .containsAnyOf("did not complete IDLE", "did not accept IDLE");
    Await.until("onConnectionRestored", () -> harness.events.count("onConnectionRestored", ID) == 1,
        harness.events::toString);
    harness.awaitNewMail(ID, inbox.getUidValidity(), missed);
    assertThat(harness.events.count("onError", ID)).isZero();
    assertThat(harness.sleeper.sleeps()).first().isEqualTo(Duration.ofMillis(20)); // the first backoff delay
  }

  @Test
  @DisplayName("over TLS, a certificate that is not trusted is a configuration error, not a reconnect loop")
  void untrustedCertificate(CapturedLog log) {
    ImapAccount account = ImapAccount.builder().id(ID).host("127.0.0.1").port(greenMail.getImaps().getPort())
        .security(Security.TLS).username("alice").build();
    harness = new IdleHarness(IdleHarness.FAST);
    harness.sleeper.manual();
    harness.setAccounts(account);
    harness.start();

    harness.awaitState(ID, State.ERROR);
    // Retried at the longest backoff delay, not at the first; reported once, not at every try.
    for (int tries = 1; tries < 3; tries++) {
      assertThat(harness.sleeper.awaitSleeping(1)).containsExactly(Duration.ofMillis(200));
      harness.sleeper.advanceToNextWakeUp();
    }
    assertThat(harness.sleeper.awaitSleeping(1)).containsExactly(Duration.ofMillis(200));
    assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200),
        Duration.ofMillis(200));
    assertThat(harness.events.causes("onError", ID)).singleElement()
        .isInstanceOfSatisfying(MailConnectionException.class,
            e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.CONFIGURATION));
    assertThat(harness.events.count("onConnectionLost", ID)).isZero();
    assertThat(log.warnings()).as("logged once, not at every try").singleElement().asString()
        .contains("configuration failure").contains("is not trusted");
  }
}
