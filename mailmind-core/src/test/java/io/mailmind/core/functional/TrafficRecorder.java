package io.mailmind.core.functional;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP relay that records what the client sends (IMAP commands are text lines), so a test can see
 * which commands a sync issued. Closes with {@link #close()}.
 */
final class TrafficRecorder implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final StringBuffer sent = new StringBuffer();
  private final List<Socket> sockets = new ArrayList<>();

  TrafficRecorder(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "traffic-recorder");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The client's bytes since the last call, as text; clears them. */
  String takeSent() {
    synchronized (sent) {
      String text = sent.toString();
      sent.setLength(0);
      return text;
    }
  }

  /** The command lines since the last {@link #takeSent()} (tag removed), e.g. {@code UID FETCH 1:* (UID FLAGS)}. */
  List<String> takeCommands() {
    List<String> commands = new ArrayList<>();
    for (String line : takeSent().split("\r\n")) {
      int space = line.indexOf(' ');
      if (space > 0) commands.add(line.substring(space + 1));
    }
    return commands;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client.getInputStream(), upstream.getOutputStream(), true);
        pump(upstream.getInputStream(), client.getOutputStream(), false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, boolean record) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (in; out) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (record) sent.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      }
    }, "traffic-recorder-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket socket : sockets) socket.close();
    }
  }
}
