package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate the client refuses is reported as what is wrong with it, on a real TLS server: a host name the
 * certificate does not name (with the names it has), or a certificate that is not trusted; never hidden behind a
 * second handshake's "unable to find valid certification path".
 */
class TlsHostNameTest {
  @TempDir
  Path dir;

  private SSLServerSocket server;

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) server.close();
  }

  @Test
  @DisplayName("a trusted certificate for other names: the host name does not match, and the names it has are listed")
  void hostNameMismatchListsTheCertificateNames() throws Exception {
    Path certificate = startServer("CN=wrong.example", "SAN=dns:wrong.example,dns:mail.wrong.example,ip:10.9.8.7");
    ImapAccount account = ImapAccount.builder().id("eve@test").host("127.0.0.1").port(server.getLocalPort())
        .security(Security.TLS).username("eve").trustedCertificate(certificate).build();

    assertThatThrownBy(() -> connect(account))
        .isInstanceOfSatisfying(MailConnectionException.class,
            e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.CONFIGURATION))
        .hasMessageContaining("eve@test - connecting to 127.0.0.1:" + server.getLocalPort())
        .hasMessageContaining("the host name 127.0.0.1 does not match the server's certificate, which names "
            + "wrong.example, mail.wrong.example, 10.9.8.7")
        .hasMessageNotContaining("not trusted")
        .hasMessageNotContaining("unable to find valid certification path");
  }

  @Test
  @DisplayName("an untrusted certificate for other names: both the mismatch and the missing trust are said")
  void untrustedAndMismatchedSaysBoth() throws Exception {
    startServer("CN=wrong.example", "SAN=dns:wrong.example");
    ImapAccount account = ImapAccount.builder().id("eve@test").host("localhost").port(server.getLocalPort())
        .security(Security.TLS).username("eve").build();

    assertThatThrownBy(() -> connect(account))
        .isInstanceOfSatisfying(MailConnectionException.class,
            e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.CONFIGURATION))
        .hasMessageContaining("the host name localhost does not match the server's certificate, which names "
            + "wrong.example")
        .hasMessageContaining("nor is the certificate trusted (issued by CN=wrong.example)");
  }

  @Test
  @DisplayName("an untrusted certificate that names the host: it is not trusted, and the hint names trustedCertificate")
  void untrustedButMatchingSaysNotTrusted() throws Exception {
    startServer("CN=self-signed.test", "SAN=ip:127.0.0.1");
    ImapAccount account = ImapAccount.builder().id("eve@test").host("127.0.0.1").port(server.getLocalPort())
        .security(Security.TLS).username("eve").build();

    assertThatThrownBy(() -> connect(account))
        .isInstanceOfSatisfying(MailConnectionException.class,
            e -> assertThat(e.kind()).isEqualTo(MailConnectionException.Kind.CONFIGURATION))
        .hasMessageContaining("the server's certificate for 127.0.0.1, self-signed.test is not trusted")
        .hasMessageContaining("ImapAccount.trustedCertificate")
        .hasMessageNotContaining("does not match");
  }

  private static ImapConnection connect(ImapAccount account) {
    return ImapConnection.connect(account, Credentials.password("secret"), SyncOptions.defaults(),
        () -> ResponseGuard.NO_DEADLINE);
  }

  /** Starts a TLS server on the loopback with a new self-signed certificate; returns the certificate's PEM file. */
  private Path startServer(String dname, String san) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", dname, "-ext", san, "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-file", certificate.toString());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    SSLServerSocket listening = server;
    Thread acceptor = new Thread(() -> {
      while (!listening.isClosed()) {
        try (SSLSocket socket = (SSLSocket) listening.accept()) {
          socket.startHandshake();
          socket.getOutputStream().write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the client refuses the certificate, as it should
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return certificate;
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
