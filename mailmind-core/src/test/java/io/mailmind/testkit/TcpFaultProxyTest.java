package io.mailmind.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpFaultProxyTest {
  private ServerSocket echoServer;
  private TcpFaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::echoAll, "echo-server");
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = TcpFaultProxy.start("127.0.0.1", echoServer.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echoServer.close();
  }

  private void echoAll() {
    while (!echoServer.isClosed()) {
      try {
        Socket socket = echoServer.accept();
        Thread echo = new Thread(() -> {
          try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
          } catch (IOException e) {
            // the client or the proxy closed
          }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  @Test
  void forwardsBytesBothWays() throws IOException {
    try (Socket socket = connect()) {
      assertThat(roundTrip(socket, "hello\r\n")).isEqualTo("hello\r\n");
      String big = "x".repeat(200_000);
      assertThat(roundTrip(socket, big)).isEqualTo(big);
    }
    assertThat(proxy.accepted()).isEqualTo(1);
  }

  @Test
  void dropAllClosesEveryOpenConnectionAndNewOnesWork() throws IOException {
    try (Socket first = connect(); Socket second = connect()) {
      roundTrip(first, "a");
      roundTrip(second, "b");
      Await.until("two connections open", () -> proxy.open() == 2);

      proxy.dropAll();

      assertThat(first.getInputStream().read()).isEqualTo(-1);
      assertThat(second.getInputStream().read()).isEqualTo(-1);
      assertThat(proxy.open()).isZero();
    }
    try (Socket again = connect()) {
      assertThat(roundTrip(again, "c")).isEqualTo("c");
    }
  }

  @Test
  void refuseThenAcceptOnTheSamePort() throws IOException {
    try (Socket kept = connect()) {
      roundTrip(kept, "accepted"); // connected in the backlog is not yet accepted: closing the listener resets those
      proxy.refuse();
      assertThat(proxy.accepting()).isFalse();
      assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
      assertThat(roundTrip(kept, "still open")).isEqualTo("still open");

      proxy.accept();
      try (Socket again = connect()) {
        assertThat(roundTrip(again, "back")).isEqualTo("back");
      }
    }
  }

  @Test
  void refuseForAcceptsAgainAfterTheOutage() throws IOException {
    proxy.refuseFor(Duration.ofSeconds(2));
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

    Await.until("the proxy accepts again", proxy::accepting);
    try (Socket again = connect()) {
      assertThat(roundTrip(again, "back")).isEqualTo("back");
    }
  }
}
