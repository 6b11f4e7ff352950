package io.mailmind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.testkit.TcpFaultProxy;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database that blinks under a running sync (issue 19): a {@link TcpFaultProxy} in front of the real server drops
 * every connection when the sync has committed its k-th batch of a phase (metadata, content, Markdown) and refuses
 * new ones for D seconds. The first sync either completes or, when the outage outlasts the store's retry deadline,
 * fails with errors; the next sync (no fault) always completes the mirror exactly: every message once and complete,
 * each attachment's SHA-256 re-read from the stored bytes, Markdown for every HTML body. One subclass per server.
 */
@ExpectedLogs("the database goes down on purpose: retries and failed writes are logged")
abstract class DatabaseOutageSyncTest {
  private static final String ACCOUNT = "alice@test";
  private static final int MESSAGES = 160;

  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(false);

  /** SHA-256 of each message's attachment, by subject. */
  private static final Map<String, String> ATTACHMENT_SHA = new HashMap<>();

  private TcpFaultProxy proxy;

  abstract TestDatabase db();

  @BeforeAll
  static void seed() throws Exception {
    GreenMailUser user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    var folders = GREENMAIL.getManagers().getImapHostManager();
    MailFolder inbox = folders.getFolder(user, "INBOX");
    MailFolder archive = folders.createMailbox(user, "Archive");
    for (int n = 1; n <= MESSAGES; n++) {
      (n % 4 == 0 ? archive : inbox).appendMessage(GreenMailUtil.newMimeMessage(raw(n)),
          n % 3 == 0 ? new Flags(Flags.Flag.SEEN) : new Flags(), new Date(1_709_300_000_000L + n * 60_000L));
    }
  }

  /** Plain text; every second one HTML with a text alternative; every third one with an attachment. */
  private static String raw(int n) throws Exception {
    String subject = "Message " + n;
    StringBuilder body = new StringBuilder();
    String alternative = "--alt" + n + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nText of " + n + "\r\n"
        + (n % 2 == 0 ? "--alt" + n + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<h1>News " + n
        + "</h1><p>Read <a href=\"https://example.org/" + n + "\">more</a></p>\r\n" : "") + "--alt" + n + "--\r\n";
    if (n % 3 == 0) {
      byte[] bytes = new byte[20_000 + n * 97];
      new java.util.Random(n).nextBytes(bytes);
      synchronized (ATTACHMENT_SHA) {
        ATTACHMENT_SHA.put(subject, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
      body.append("Content-Type: multipart/mixed; boundary=mix").append(n).append("\r\n\r\n--mix").append(n)
          .append("\r\nContent-Type: multipart/alternative; boundary=alt").append(n).append("\r\n\r\n")
          .append(alternative).append("--mix").append(n)
          .append("\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f")
          .append(n).append(".bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
          .append(Base64.getMimeEncoder().encodeToString(bytes)).append("\r\n--mix").append(n).append("--\r\n");
    } else {
      body.append("Content-Type: multipart/alternative; boundary=alt").append(n).append("\r\n\r\n").append(alternative);
    }
    return "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <m" + n
        + "@example.org>\r\nDate: Fri, 1 Mar 2024 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + body;
  }

  @BeforeEach
  void startProxy() {
    InetSocketAddress server = db().serverAddress();
    proxy = TcpFaultProxy.start(server.getHostString(), server.getPort());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** Phase, k-th commit of that phase, outage seconds, the store's retry deadline in seconds. */
  static Stream<Arguments> outages() {
    return Stream.of(
        Arguments.of("metadata", 1, 0, 60), Arguments.of("metadata", 2, 3, 60),
        Arguments.of("content", 1, 0, 60), Arguments.of("content", 3, 1, 60), Arguments.of("content", 6, 4, 60),
        Arguments.of("content", 9, 10, 60), Arguments.of("markdown", 1, 0, 60), Arguments.of("markdown", 3, 2, 60),
        Arguments.of("metadata", 1, 5, 2), Arguments.of("content", 4, 5, 2), Arguments.of("markdown", 2, 4, 2));
  }

  @ParameterizedTest(name = "{0} commit {1}, down {2} s, retry deadline {3} s")
  @MethodSource("outages")
  void nextSyncCompletesTheMirror(String phase, int commit, int downSeconds, int deadlineSeconds) {
    String prefix = db().freshPrefix();
    AtomicInteger commits = new AtomicInteger();
    EventListener blink = new EventListener() {
      private void committed(String which) {
        if (which.equals(phase) && commits.incrementAndGet() == commit) {
          proxy.dropAll();
          proxy.refuseFor(Duration.ofSeconds(downSeconds));
        }
      }

      @Override public void onMessagesStored(MessagesEvent event) { committed("metadata"); }
      @Override public void onContentStored(MessagesEvent event) { committed("content"); }
      @Override public void onMarkdownStored(MessagesEvent event) { committed("markdown"); }
    };
    SyncReport first = sync(prefix, deadlineSeconds, blink);
    assertThat(commits.get()).as("the outage happened").isGreaterThanOrEqualTo(commit);
    if (first.errors() == 0) assertThat(first.messagesPending()).isZero();

    SyncReport second = sync(prefix, 60, new EventListener() {});
    assertThat(second.errors()).as("errors of the next sync").isZero();
    assertThat(second.messagesPending()).isZero();
    assertExactMirror(prefix);
  }

  private SyncReport sync(String prefix, int deadlineSeconds, EventListener listener) {
    ImapAccount account = ImapAccount.builder().id(ACCOUNT).host("127.0.0.1").port(GREENMAIL.getImap().getPort())
        .security(Security.PLAIN).username("alice").build();
    try (JdbcMailStore store = JdbcMailStore.builder(db().dataSourceVia(proxy.port())).tablePrefix(prefix)
        .connectionRetryDeadline(Duration.ofSeconds(deadlineSeconds)).build();
         Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
             .credentials(a -> Credentials.password("secret")).listener(listener)
             .syncOptions(SyncOptions.builder().batchSize(10).metadataBatchSize(40).build()).build()) {
      // Bounded: a sync that waits on a database for ever is a failure, not a hung build.
      return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofMinutes(3), () -> mailmind.sync(account));
    }
  }

  private void assertExactMirror(String prefix) {
    List<MessageRecord> records = new ArrayList<>();
    try (JdbcMailStore store = JdbcMailStore.builder(db().dataSource()).tablePrefix(prefix).build()) {
      store.forEachMessage(ACCOUNT, records::add);
      assertThat(records).extracting(r -> r.key().folder().imapFolder() + "/" + r.metadata().headers().subject())
          .doesNotHaveDuplicates().hasSize(MESSAGES);
      for (MessageRecord record : records) {
        String subject = record.metadata().headers().subject();
        int n = Integer.parseInt(subject.substring("Message ".length()));
        assertThat(record.state()).as(subject).isEqualTo(ContentState.COMPLETE);
        assertThat(record.key().folder().imapFolder()).as(subject).isEqualTo(n % 4 == 0 ? "Archive" : "INBOX");
        assertThat(record.metadata().flags().contains("\\Seen")).as(subject).isEqualTo(n % 3 == 0);
        if (n % 2 == 0) assertThat(record.markdown()).as(subject).contains("News " + n);
        assertThat(record.attachments()).as(subject).hasSize(n % 3 == 0 ? 1 : 0);
        for (int i = 0; i < record.attachments().size(); i++) {
          Attachment attachment = record.attachments().get(i);
          byte[] stored = store.attachmentContent(record.key(), i).orElseThrow().readAllBytes();
          assertThat(sha256(stored)).as(subject).isEqualTo(ATTACHMENT_SHA.get(subject)).isEqualTo(attachment.sha256());
        }
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
