package io.mailmind.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Implicit TLS in front of a plain IMAP server (GreenMail), with a self-signed certificate for 127.0.0.1 made by
 * keytool: a client that trusts {@link #trustStore()} connects as to a real server on port 993. Thread per copy
 * direction; for tests.
 */
final class TlsProxy implements AutoCloseable {
  static final String STORE_PASSWORD = "changeit";

  private final Path keyStore;
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();

  private TlsProxy(Path keyStore, ServerSocket server) {
    this.keyStore = keyStore;
    this.server = server;
  }

  /** Listens on 127.0.0.1 (a free port) and forwards every connection to 127.0.0.1:{@code targetPort}. */
  static TlsProxy start(Path dir, int targetPort) throws Exception {
    Path keyStore = dir.resolve("imap-127.0.0.1.p12");
    keytool("-genkeypair", "-alias", "imap", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(),
        "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
      keys.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, STORE_PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(managers.getKeyManagers(), null, null);
    ServerSocket server = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    TlsProxy proxy = new TlsProxy(keyStore, server);
    Thread acceptor = new Thread(() -> proxy.accept(targetPort), "tls-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  /** A PKCS12 store holding the certificate (and key): a trust store that trusts this proxy. */
  Path trustStore() {
    return keyStore;
  }

  private void accept(int targetPort) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(target);
        }
        copy(client, target);
        copy(target, client);
      } catch (IOException e) {
        // closed, or one connection failed: the others go on
      }
    }
  }

  private static void copy(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tls-proxy-copy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      sockets.forEach(TlsProxy::closeQuietly);
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }
}
