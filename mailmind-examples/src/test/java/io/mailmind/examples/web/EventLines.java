package io.mailmind.examples.web;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** An open {@code /events} stream read line by line on a thread of its own, for tests. */
final class EventLines implements AutoCloseable {
  /** Put after the last line when the server ended the stream. */
  static final String END = "<end of stream>";

  final HttpResponse<Stream<String>> response;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder seen = new StringBuilder();

  private EventLines(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader = new Thread(() -> {
      try {
        response.body().forEach(lines::add);
      } catch (RuntimeException e) {
        // the stream broke: the same as its end for these tests
      }
      lines.add(END);
    }, "test-event-lines");
    reader.setDaemon(true);
    reader.start();
  }

  static EventLines open(URI base) throws Exception {
    return new EventLines(Http.lines(base, "/events"));
  }

  /** The next line matching {@code wanted}, skipping others; fails after 30 s or at the end of the stream. */
  String await(Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) continue;
      seen.append(line).append('\n');
      if (wanted.test(line)) return line;
      if (line.equals(END)) break;
    }
    throw new AssertionError("no such line in the event stream; it sent:\n" + seen);
  }

  /** The data line that follows the next {@code event: name}. */
  String awaitData(String event) throws InterruptedException {
    await(("event: " + event)::equals);
    String data = await(line -> true);
    if (!data.startsWith("data: ")) throw new AssertionError("expected a data line after event: " + event + ", got " + data);
    return data.substring("data: ".length());
  }

  @Override
  public void close() {
    response.body().close();
  }
}
