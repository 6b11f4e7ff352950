package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trusted certificate for another host name is reported as such, not hidden behind a second handshake's error. */
class TlsHostNameTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("a host-name mismatch is reported as the first handshake failed, as a configuration error")
  void hostNameMismatchIsReportedAsItself() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.pem");
    keytool("-genkeypair", "-alias", "wrong", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=wrong.example", "-ext", "SAN=dns:wrong.example", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "wrong", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", certificate.toString());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
            socket.getOutputStream().write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            // the client refuses the certificate, as it should
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ImapAccount account = ImapAccount.builder().id("eve@test").host("127.0.0.1").port(server.getLocalPort())
          .security(Security.TLS).username("eve").trustedCertificate(certificate).build();

      assertThatThrownBy(() -> ImapConnection.connect(account, Credentials.password("secret"), SyncOptions.defaults(),
          () -> ResponseGuard.NO_DEADLINE))
          .isInstanceOfSatisfying(MailConnectionException.class,
              e -> org.assertj.core.api.Assertions.assertThat(e.kind())
                  .isEqualTo(MailConnectionException.Kind.CONFIGURATION))
          .hasMessageContaining("127.0.0.1")
          .hasMessageNotContaining("unable to find valid certification path");
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) throw new IOException("keytool failed: " + output);
  }
}
