package io.mailmind.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.mailmind.core.Mailmind;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web inbox over plain HTTP: a real sync from GreenMail into H2, then the list, the message view, the JSON,
 * escaping of everything that comes from mail, and the refusals.
 */
class WebInboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NASTY_SUBJECT = "<script>alert('subject')</script> & \"quotes\"";

  @RegisterExtension
  final GreenMailExtension greenMail = TestMailbox.greenMail();

  private TestMailbox mailbox;
  private WebInbox inbox;

  @BeforeEach
  void syncSampleMessages() throws Exception {
    mailbox = new TestMailbox(greenMail);
    mailbox.append("INBOX", TestMailbox.text("old", "Ana <ana@example.es>", "Oldest in the inbox",
        "Sat, 01 Nov 2025 10:00:00 +0000", "Plain text <script>alert(\"text\")</script> & more"));
    mailbox.append("Archive", TestMailbox.html("mid", "=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>",
        "Archived in between",
        "Sun, 02 Nov 2025 10:00:00 +0000",
        "<h1>Issue 7</h1><p>Read <a href=\"https://example.org/7\">more</a>.</p><img src=x onerror=\"alert(1)\">"));
    mailbox.append("INBOX", TestMailbox.text("new", "\"<b>Mallory</b>\" <mallory@example.org>", NASTY_SUBJECT,
        "Mon, 03 Nov 2025 10:00:00 +0000", "Newest."));
    try (Mailmind mailmind = mailbox.mailmind().build()) {
      mailmind.sync(mailbox.account);
    }
  }

  @AfterEach
  void close() {
    if (inbox != null) inbox.close();
    mailbox.store.close();
  }

  private URI start(int pageSize) {
    inbox = WebInbox.builder(mailbox.store, mailbox.account.id()).port(0).pageSize(pageSize).start();
    return inbox.uri();
  }

  @Test
  void listsEveryFolderNewestFirstWithEverythingEscaped() throws Exception {
    URI uri = start(50);
    assertThat(uri.toString()).startsWith("http://127.0.0.1:").endsWith("/");

    HttpResponse<String> page = Http.get(uri, "/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("default-src 'none'", "script-src 'self'");
    String html = page.body();
    assertThat(html).doesNotContain("<script>alert", "<b>Mallory");
    assertThat(html).contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .contains("&lt;b&gt;Mallory&lt;/b&gt;");
    assertThat(html.indexOf("&lt;script&gt;alert(&#39;subject"))
        .isLessThan(html.indexOf("Archived in between"));
    assertThat(html.indexOf("Archived in between")).isLessThan(html.indexOf("Oldest in the inbox"));
    assertThat(html).contains("<td class=\"folder\">Archive</td>", "<td class=\"folder\">Inbox</td>")
        .contains("<time datetime=\"2025-11-03T10:00:00Z\">2025-11-03 10:00</time>")
        .contains("<script src=\"/static/inbox.js\" defer></script>");
  }

  @Test
  void jsonListPagesNewestFirst() throws Exception {
    URI uri = start(2);

    JsonNode first = JSON.readTree(Http.get(uri, "/api/messages").body());
    JsonNode second = JSON.readTree(Http.get(uri, "/api/messages?page=1").body());

    assertThat(subjects(first)).containsExactly(NASTY_SUBJECT, "Archived in between");
    assertThat(first.get("has_more").asBoolean()).isTrue();
    assertThat(first.get("account").asText()).isEqualTo("dev@127.0.0.1");
    assertThat(subjects(second)).containsExactly("Oldest in the inbox");
    assertThat(second.get("has_more").asBoolean()).isFalse();
    JsonNode archived = first.get("messages").get(1);
    assertThat(archived.get("folder").asText()).isEqualTo("Archive");
    assertThat(archived.get("from").asText()).isEqualTo("Jörg Müller");
    assertThat(archived.get("from_address").asText()).isEqualTo("joerg@example.de");
    assertThat(archived.get("date").asText()).isEqualTo("2025-11-02 10:00");
    assertThat(archived.get("seen").asBoolean()).isFalse();
    assertThat(archived.get("href").asText()).startsWith("/message?folder=Archive&uidvalidity=").endsWith("&uid=1");
    assertThat(subjects(JSON.readTree(Http.get(uri, "/api/messages?page=2").body()))).isEmpty();
  }

  @Test
  void messagePageShowsTheMarkdownAsEscapedText() throws Exception {
    URI uri = start(50);
    JsonNode messages = JSON.readTree(Http.get(uri, "/api/messages").body()).get("messages");

    String archived = Http.get(uri, messages.get(1).get("href").asText()).body();
    String plain = Http.get(uri, messages.get(2).get("href").asText()).body();

    assertThat(archived).contains("<h1 id=\"subject\">Archived in between</h1>", "Jörg Müller &lt;joerg@example.de&gt;",
        "Markdown made from the HTML body", "# Issue 7", "[more](https://example.org/7)");
    assertThat(archived).doesNotContain("<img", "onerror=\"alert");
    assertThat(plain).contains("Plain-text body",
        "<pre id=\"body\">Plain text &lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt; &amp; more");
    assertThat(plain).doesNotContain("<script>alert", "<script src=");
  }

  @Test
  void refusesWhatItDoesNotServe() throws Exception {
    URI uri = start(50);

    assertThat(Http.get(uri, "/message?folder=INBOX&uidvalidity=1&uid=999").statusCode()).isEqualTo(404);
    assertThat(Http.get(uri, "/message?folder=INBOX&uidvalidity=1&uid=x").statusCode()).isEqualTo(400);
    assertThat(Http.get(uri, "/message?uidvalidity=1&uid=1").statusCode()).isEqualTo(400);
    String host = "127.0.0.1:" + uri.getPort();
    assertThat(Http.rawStatusLine(uri, "/message?folder=%ZZ&uidvalidity=1&uid=1", host))
        .isEqualTo("HTTP/1.1 400 Bad Request");
    assertThat(Http.get(uri, "/?page=-1").statusCode()).isEqualTo(400);
    assertThat(Http.get(uri, "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(Http.post(uri, "/").statusCode()).isEqualTo(405);
    assertThat(Http.rawStatusLine(uri, "/", "evil.example:" + uri.getPort())).isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(Http.rawStatusLine(uri, "/", "localhost:" + uri.getPort())).isEqualTo("HTTP/1.1 200 OK");
  }

  @Test
  void servesItsScriptAndStylesheet() throws Exception {
    URI uri = start(50);

    HttpResponse<String> script = Http.get(uri, "/static/inbox.js");
    HttpResponse<String> stylesheet = Http.get(uri, "/static/inbox.css");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("new EventSource('/events')", "refresh_needed").doesNotContain("innerHTML");
    assertThat(stylesheet.statusCode()).isEqualTo(200);
    assertThat(stylesheet.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> WebInbox.builder(mailbox.store, mailbox.account.id()).port(taken.getLocalPort()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void closeReleasesThePortAndMayBeRepeated() throws Exception {
    URI uri = start(50);
    inbox.close();
    inbox.close();

    try (ServerSocket again = new ServerSocket(uri.getPort(), 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(uri.getPort());
    }
  }

  private static List<String> subjects(JsonNode list) {
    List<String> subjects = new ArrayList<>();
    list.get("messages").forEach(message -> subjects.add(message.get("subject").asText()));
    return subjects;
  }
}
