package io.mailmind.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A few IMAP exchanges over a plain socket, for what the harness must see exactly as the server sends it (the
 * greeting, the CAPABILITY list) rather than through Jakarta Mail. Not thread-safe; one instance per connection.
 */
final class RawImap implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final String greeting;
  private int tag;

  RawImap(String host, int port, int timeoutMillis) throws IOException {
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      String line = in.readLine();
      greeting = line == null ? "" : line;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  String greeting() {
    return greeting;
  }

  /** Sends one command; returns its untagged lines and, last, the tagged completion. */
  List<String> command(String command) throws IOException {
    String t = "t" + (++tag);
    out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = in.readLine();
      if (line == null) throw new IOException("connection closed during: " + command.split(" ")[0]);
      lines.add(line);
      if (line.startsWith(t + " ")) return lines;
    }
  }

  /** LOGIN, then the post-login CAPABILITY list. */
  List<String> capabilitiesAfterLogin(String user, String password) throws IOException {
    List<String> login = command("LOGIN " + quote(user) + " " + quote(password));
    String done = login.get(login.size() - 1);
    if (!done.contains(" OK ")) throw new IOException("LOGIN failed: " + done);
    for (String line : command("CAPABILITY")) {
      if (line.startsWith("* CAPABILITY ")) {
        return List.of(line.substring("* CAPABILITY ".length()).trim().split(" +"));
      }
    }
    throw new IOException("no CAPABILITY response");
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  @Override
  public void close() throws IOException {
    try {
      out.write("z LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // closing anyway
    }
    socket.close();
  }
}
