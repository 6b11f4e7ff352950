package io.mailmind.examples.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP requests to the web inbox, for tests. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> post(URI base, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens {@code path} as a stream of lines (the body is read lazily). */
  static HttpResponse<java.util.stream.Stream<String>> lines(URI base, String path)
      throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  /**
   * The status line of a GET of {@code rawPath} sent as is over a plain socket with this {@code Host} header
   * (HttpClient sets its own and refuses malformed paths).
   */
  static String rawStatusLine(URI base, String rawPath, String host) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) line.append((char) c);
      return line.toString();
    }
  }
}
