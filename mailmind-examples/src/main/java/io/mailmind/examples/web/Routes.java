package io.mailmind.examples.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.MailStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of the web inbox: {@code GET /}, {@code /message}, {@code /api/messages}, {@code /events}
 * and the two static files. Only GET, and only with a {@code Host} of the loopback address or {@code localhost}
 * and the server's port (so a web site cannot reach the inbox through DNS rebinding). Every answer forbids
 * framing, sniffing and scripts from anywhere but this server. Thread-safe.
 */
final class Routes implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";
  /** Pages beyond this are refused: each page reads every earlier one. */
  static final int MAX_MESSAGES_LISTED = 10_000;

  private final MailStore store;
  private final String accountId;
  private final MessageList list;
  private final int pageSize;
  private final EventStream events;
  private final Set<String> allowedHosts;
  private final byte[] script = resource("inbox.js");
  private final byte[] stylesheet = resource("inbox.css");

  Routes(MailStore store, String accountId, int pageSize, EventStream events, int port) {
    this.store = store;
    this.accountId = accountId;
    this.list = new MessageList(store, accountId);
    this.pageSize = pageSize;
    this.events = events;
    this.allowedHosts = port == 80 ? Set.of("127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost")
        : Set.of("127.0.0.1:" + port, "localhost:" + port);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      secure(exchange.getResponseHeaders());
      String host = exchange.getRequestHeaders().getFirst("Host");
      if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
        send(exchange, 403, TEXT, "This inbox answers only at http://127.0.0.1:<port>/ and http://localhost:<port>/\n");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, TEXT, "Only GET is supported\n");
      } else {
        route(exchange);
      }
    } catch (BadRequest e) {
      send(exchange, 400, TEXT, e.getMessage() + "\n");
    } catch (IOException e) {
      LOG.debug("a client went away: {}", e.toString());
      exchange.close();
    } catch (RuntimeException e) {
      LOG.warn("{} - cannot answer {}: {}", accountId, exchange.getRequestURI().getRawPath(), e.toString());
      send(exchange, 500, TEXT, "The store could not be read; see the server's log\n");
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    switch (exchange.getRequestURI().getRawPath()) {
      case "/":
        send(exchange, 200, HTML, InboxPage.html(accountId, list.page(page(query), pageSize)));
        break;
      case "/api/messages":
        send(exchange, 200, "application/json; charset=utf-8",
            InboxPage.json(accountId, list.page(page(query), pageSize)));
        break;
      case "/message":
        Optional<MessageRecord> message = store.message(key(query));
        if (message.isPresent()) {
          send(exchange, 200, HTML, MessagePage.html(message.get()));
        } else {
          send(exchange, 404, TEXT, "No such message is stored\n");
        }
        break;
      case "/events":
        if (!events.open(exchange)) send(exchange, 503, TEXT, "Too many open pages follow this inbox\n");
        break;
      case "/static/inbox.js":
        send(exchange, 200, "text/javascript; charset=utf-8", script);
        break;
      case "/static/inbox.css":
        send(exchange, 200, "text/css; charset=utf-8", stylesheet);
        break;
      default:
        send(exchange, 404, TEXT, "Not found\n");
    }
  }

  private int page(Map<String, String> query) {
    String value = query.get("page");
    if (value == null) return 0;
    int maxPage = MAX_MESSAGES_LISTED / pageSize;
    try {
      int page = Integer.parseInt(value);
      if (page >= 0 && page <= maxPage) return page;
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadRequest("page was '" + value + "' but it must be a number in 0.." + maxPage);
  }

  private MessageKey key(Map<String, String> query) {
    String folder = query.get("folder");
    if (folder == null || folder.isEmpty()) throw new BadRequest("folder is missing");
    return MessageKey.of(accountId, folder, number(query, "uidvalidity"), number(query, "uid"));
  }

  private static long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) throw new BadRequest(name + " is missing");
    try {
      long number = Long.parseLong(value);
      if (number >= 0) return number;
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadRequest(name + " was '" + value + "' but it must be a number >= 0");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) return values;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        values.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("the query is not URL-encoded properly");
      }
    }
    return values;
  }

  private static void secure(Headers headers) {
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) exchange.getResponseBody().write(body);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = Routes.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("the resource " + name + " is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource " + name, e);
    }
  }

  /** A request whose parameters are missing or malformed: 400 with this message. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
