package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.MarkdownConverter;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.spi.MailStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskExecutor;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.logs.CapturedLog;
import io.mailmind.testkit.logs.ExpectedLogs;
import jakarta.mail.Flags;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine mirrors a GreenMail account into the in-memory reference store. */
class GreenMailSyncTest {
  @RegisterExtension
  static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
      .withPerMethodLifecycle(true);

  private InMemoryMailStore store;
  private ImapAccount account;
  private GreenMailUser user;

  @BeforeEach
  void seed() throws Exception {
    store = new InMemoryMailStore();
    account = ImapAccount.builder().id("alice@test").host("127.0.0.1").port(GREENMAIL.getImap().getPort())
        .security(Security.PLAIN).username("alice").build();
    user = GREENMAIL.setUser("alice@example.org", "alice", "secret");
    MailFolder inbox = folder("INBOX");
    for (int i = 1; i <= 5; i++) append(inbox, SampleMessages.plain(i, "plain " + i), i <= 2 ? Flags.Flag.SEEN : null);
    for (int i = 1; i <= 3; i++) append(inbox, SampleMessages.newsletter(i), null);
    append(inbox, SampleMessages.reply(1, "<plain-1@example.org>"), Flags.Flag.ANSWERED);
    MailFolder sent = GREENMAIL.getManagers().getImapHostManager().createMailbox(user, "Sent");
    append(sent, SampleMessages.plain(20, "sent one"), Flags.Flag.SEEN);
    append(sent, SampleMessages.plain(21, "sent two"), Flags.Flag.SEEN);
    GREENMAIL.getManagers().getImapHostManager().createMailbox(user, "Archive");
    MailFolder nested = GREENMAIL.getManagers().getImapHostManager().createMailbox(user, "Archive.2024");
    append(nested, SampleMessages.plain(30, "archived"), null);
  }

  private MailFolder folder(String name) {
    return GREENMAIL.getManagers().getImapHostManager().getFolder(user, name);
  }

  private static void append(MailFolder folder, String raw, Flags.Flag flag) {
    Flags flags = flag == null ? new Flags() : new Flags(flag);
    folder.appendMessage(GreenMailUtil.newMimeMessage(raw), flags, new Date(1_709_300_000_000L));
  }

  private Mailmind mailmind(SyncOptions options, TaskExecutor executor) {
    Mailmind.Builder builder = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options);
    if (executor != null) builder.executor(executor);
    return builder.build();
  }

  private SyncReport syncOnce(SyncOptions options) {
    try (Mailmind mailmind = mailmind(options, null)) {
      return mailmind.sync(account);
    }
  }

  private List<MessageRecord> all() {
    List<MessageRecord> records = new ArrayList<>();
    store.forEachMessage("alice@test", records::add);
    return records;
  }

  /** What the server holds: folder → UIDs. */
  private Map<String, List<Long>> serverUids() throws Exception {
    Map<String, List<Long>> out = new TreeMap<>();
    for (MailFolder mailbox : GREENMAIL.getManagers().getImapHostManager().listMailboxes(user, "*")) {
      List<Long> uids = new ArrayList<>();
      for (StoredMessage message : mailbox.getMessages()) uids.add(message.getUid());
      out.put(mailbox.getFullName().replaceFirst("^#mail[./][^./]+[./]", "").replace('.', '/'), uids);
    }
    return out;
  }

  private Map<String, List<Long>> storedUids() {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Folder folder : store.folders("alice@test")) out.put(folder.id().imapFolder(), new ArrayList<>());
    for (MessageRecord record : all()) out.get(record.key().folder().imapFolder()).add(record.key().uid());
    return out;
  }

  /** The store, failing {@code upsertContent} of INBOX's {@code content} UIDs and {@code storeMarkdown}/{@code storeRendered} of its {@code markdown} UIDs. */
  private MailStore failingFor(Set<Long> content, Set<Long> markdown) {
    return (MailStore) java.lang.reflect.Proxy.newProxyInstance(MailStore.class.getClassLoader(),
        new Class<?>[] {MailStore.class}, (proxy, method, args) -> {
          Set<Long> uids = method.getName().equals("upsertContent") ? content : markdown;
          Collection<MessageKey> keys = switch (method.getName()) {
            case "upsertContent" -> ((List<?>) args[0]).stream().map(c -> ((MessageContent) c).key()).toList();
            case "storeMarkdown", "storeRendered" -> ((Map<?, ?>) args[0]).keySet().stream().map(k -> (MessageKey) k).toList();
            default -> List.of();
          };
          if (keys.stream().anyMatch(k -> k.folder().imapFolder().equals("INBOX") && uids.contains(k.uid()))) {
            throw new MailStoreException(method.getName() + " failed for " + keys + ": injected (broken pipe)");
          }
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  @DisplayName("content or Markdown that could not be stored is counted pending, and the next sync completes it"
      + " although the server reports nothing changed")
  @ExpectedLogs("the store refuses content and Markdown on purpose")
  void nextSyncCompletesWhatAFailureLeft() throws Exception {
    // One message per batch, so that each injected failure concerns exactly one message.
    SyncOptions options = SyncOptions.builder().batchSize(1).flagRefreshInterval(Duration.ofHours(1)).build();
    SyncReport first; // the content of 3 (a plain message) and the Markdown of 7 (a newsletter) fail to store
    try (Mailmind mailmind = Mailmind.builder().store(failingFor(Set.of(3L), Set.of(7L))).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options).build()) {
      first = mailmind.sync(account);
    }
    assertThat(first.errors()).isPositive();
    assertThat(first.messagesPending()).isEqualTo(2);
    assertThat(store.pendingMessages("alice@test")).extracting(p -> p.key().uid() + " " + p.work())
        .containsExactlyInAnyOrder("3 CONTENT", "7 MARKDOWN");

    SyncReport second = syncOnce(options);
    assertThat(second.errors()).isZero();
    assertThat(second.messagesPending()).isZero();
    assertThat(second.messagesNew()).isZero();
    assertThat(store.pendingMessages("alice@test")).isEmpty();
    assertThat(all()).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
    assertThat(all()).filteredOn(m -> m.html() != null).allSatisfy(m -> assertThat(m.markdown()).isNotNull());
    assertThat(storedUids()).isEqualTo(serverUids());

    // Unfinished work the folder checkpoints know nothing of (here: Markdown the host cleared) is found too.
    MessageKey seven = all().stream().map(MessageRecord::key)
        .filter(k -> k.folder().imapFolder().equals("INBOX") && k.uid() == 7).findFirst().orElseThrow();
    Map<MessageKey, String> clear = new java.util.HashMap<>();
    clear.put(seven, null);
    store.storeMarkdown(clear);
    SyncReport third = syncOnce(options);
    assertThat(third.errors()).isZero();
    assertThat(third.messagesPending()).isZero();
    assertThat(store.message(seven).orElseThrow().markdown()).isNotNull();
  }

  @Test
  @DisplayName("a message whose content keeps failing is stored as an error with the reason after maxAttempts syncs")
  @ExpectedLogs("the store refuses the content on purpose")
  void messageThatKeepsFailingBecomesAnError() {
    SyncOptions options = SyncOptions.builder().batchSize(1).maxAttempts(2).build();
    SyncReport[] reports = new SyncReport[3];
    for (int run = 0; run < 3; run++) {
      try (Mailmind mailmind = Mailmind.builder().store(failingFor(Set.of(3L), Set.of())).accounts(account)
          .credentials(a -> Credentials.password("secret")).syncOptions(options).build()) {
        reports[run] = mailmind.sync(account);
      }
    }
    assertThat(reports[0].messagesPending()).isEqualTo(1);
    assertThat(reports[1].errors()).isPositive(); // the second failed attempt: now an error, no longer pending
    assertThat(reports[1].messagesPending()).isZero();
    MessageRecord three = all().stream().filter(m -> m.key().folder().imapFolder().equals("INBOX")
        && m.key().uid() == 3).findFirst().orElseThrow();
    assertThat(three.state()).isEqualTo(ContentState.ERROR);
    assertThat(three.error()).contains("could not be stored").contains("injected");
    assertThat(three.metadata().headers().subject()).isNotEmpty();
    assertThat(reports[2].errors()).isZero(); // the error is recorded once, not fetched again
    assertThat(reports[2].messagesPending()).isZero();
  }

  @Test
  @DisplayName("a store that is down fails the content batch whole: no message-by-message retry, no failed attempt"
      + " counted against the messages, all of them pending for the next sync")
  @ExpectedLogs("the store is down on purpose")
  void storeDownIsNotRetriedPerMessage() {
    java.util.concurrent.atomic.AtomicInteger contentCalls = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger failureRecords = new java.util.concurrent.atomic.AtomicInteger();
    MailStore down = (MailStore) java.lang.reflect.Proxy.newProxyInstance(MailStore.class.getClassLoader(),
        new Class<?>[] {MailStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("upsertContent")) {
            contentCalls.incrementAndGet();
            throw new MailStoreException("upsertContent failed: the database did not answer for 60 s", "08001", null,
                true);
          }
          if (method.getName().equals("recordContentFailures")) failureRecords.incrementAndGet();
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    SyncOptions options = SyncOptions.builder().batchSize(4).build();
    SyncReport report;
    try (Mailmind mailmind = Mailmind.builder().store(down).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options).build()) {
      report = mailmind.sync(account);
    }
    int batches = contentCalls.get();
    assertThat(batches).as("one call per content batch, none per message").isLessThanOrEqualTo(5);
    assertThat(failureRecords.get()).isZero();
    assertThat(report.errors()).isPositive();
    assertThat(report.messagesPending()).isEqualTo(12);

    SyncReport next = syncOnce(options);
    assertThat(next.errors()).isZero();
    assertThat(next.messagesPending()).isZero();
    assertThat(all()).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
  }

  @Test
  @DisplayName("with markdownConverter(FLEXMARK), flexmark's converter writes the stored Markdown")
  void flexmarkConverterIsSelectable() throws Exception {
    // a body the two converters write differently: superscript and a spanned table cell
    append(folder("INBOX"), SampleMessages.newsletter(9).replace("<h1>News 9</h1>",
        "<p>10<sup>6</sup> users</p><table><tr><th>Item</th><th>Qty</th><th>Price</th></tr>"
            + "<tr><td colspan=\"2\">Total</td><td>42</td></tr></table>"), null);

    SyncReport report = syncOnce(SyncOptions.builder().markdownConverter(MarkdownConverter.FLEXMARK).build());

    assertThat(report.errors()).isZero();
    HtmlToMarkdown flexmark = HtmlToMarkdown.flexmark(2_000_000, 500_000, Duration.ofSeconds(10));
    HtmlToMarkdown ours = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));
    List<MessageRecord> html = all().stream().filter(m -> m.html() != null).toList();
    assertThat(html).hasSize(4)
        .allSatisfy(m -> assertThat(m.markdown()).isEqualTo(flexmark.convert(m.html())))
        .anySatisfy(m -> assertThat(m.markdown()).isNotEqualTo(ours.convert(m.html())));
  }

  @Test
  @DisplayName("a first sync mirrors every folder, message, body, attachment and flag")
  void mirrorsEverything() throws Exception {
    SyncReport report = syncOnce(SyncOptions.builder().batchSize(2).build());

    assertThat(report.errors()).isZero();
    assertThat(report.folders()).isEqualTo(4);
    assertThat(report.messagesNew()).isEqualTo(12);
    assertThat(report.messagesTotal()).isEqualTo(12);
    assertThat(report.bytes()).isPositive();
    assertThat(storedUids()).isEqualTo(serverUids());
    assertThat(all()).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));

    MessageRecord news = all().stream().filter(m -> "<news-2@example.de>".equals(m.metadata().headers().messageId()))
        .findFirst().orElseThrow();
    assertThat(news.metadata().folder()).isEqualTo("Inbox");
    assertThat(news.metadata().headers().subject()).isEqualTo("Grüße Nr. 2 📬");
    assertThat(news.metadata().headers().from().get(0).name()).isEqualTo("Jörg Müller");
    assertThat(news.text()).contains("Grüße, number 2");
    assertThat(news.html()).contains("<h1>News 2</h1>");
    assertThat(news.markdown()).contains("News 2").contains("https://example.de/2").doesNotContain("color:red");
    assertThat(news.attachments()).hasSize(1);
    Attachment pdf = news.attachments().get(0);
    byte[] expected = SampleMessages.attachmentBytes(2);
    assertThat(pdf.filename()).isEqualTo("rates-2.pdf");
    assertThat(pdf.contentType()).isEqualTo("application/pdf");
    assertThat(pdf.size()).isEqualTo(expected.length);
    assertThat(pdf.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
    assertThat(pdf.content().readAllBytes()).isEqualTo(expected);

    MessageRecord seen = all().stream().filter(m -> "<plain-1@example.org>".equals(m.metadata().headers().messageId()))
        .findFirst().orElseThrow();
    assertThat(seen.metadata().flags()).containsExactly("\\Seen");
    MessageRecord reply = all().stream().filter(m -> "<reply-1@example.org>".equals(m.metadata().headers().messageId()))
        .findFirst().orElseThrow();
    assertThat(reply.metadata().flags()).containsExactly("\\Answered");
    assertThat(reply.metadata().threadId()).isEqualTo(seen.metadata().threadId());

    assertThat(store.folders("alice@test")).extracting(Folder::name)
        .containsExactlyInAnyOrder("Inbox", "Sent", "Archive", "Archive/2024");
  }

  @Test
  @DisplayName("a message larger than a batch goes alone, fetched in pieces through a spool file deleted afterwards")
  void largeMessageInPieces() throws Exception {
    byte[] big = new byte[300_000];
    new java.util.Random(5).nextBytes(big);
    append(folder("INBOX"), "From: a@example.org\r\nTo: b@example.org\r\nSubject: big\r\nMessage-ID: <big@example.org>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
        + "see attached\r\n--b\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
        + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\n\r\n"
        + java.util.Base64.getMimeEncoder().encodeToString(big) + "\r\n--b--\r\n", null);
    java.util.Set<java.nio.file.Path> spoolBefore = spoolFiles();
    SyncReport report;
    try (io.mailmind.testkit.FaultProxy proxy = io.mailmind.testkit.FaultProxy.start("127.0.0.1",
        GREENMAIL.getImap().getPort())) {
      account = ImapAccount.builder().id("alice@test").host("127.0.0.1").port(proxy.port())
          .security(Security.PLAIN).username("alice").build();
      report = syncOnce(SyncOptions.builder().batchMaxBytes(64 * 1024).build());
      assertThat(proxy.takeClientCommands())
          .anyMatch(c -> c.matches("UID FETCH \\d+ \\(UID BODY\\.PEEK\\[\\]<65536\\.65536>\\)"));
    }

    assertThat(report.errors()).isZero();
    MessageRecord record = all().stream().filter(m -> "<big@example.org>".equals(m.metadata().headers().messageId()))
        .findFirst().orElseThrow();
    assertThat(record.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(record.text()).contains("see attached");
    assertThat(record.attachments()).singleElement().satisfies(a -> {
      assertThat(a.filename()).isEqualTo("big.bin");
      assertThat(a.size()).isEqualTo(big.length);
      assertThat(a.content().readAllBytes()).isEqualTo(big);
    });
    assertThat(storedUids()).isEqualTo(serverUids());
    assertThat(spoolFiles()).isSubsetOf(spoolBefore);
  }

  private static java.util.Set<java.nio.file.Path> spoolFiles() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("mailmind-")
          && f.getFileName().toString().endsWith(".eml")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  @DisplayName("a second sync of an unchanged mailbox changes nothing and reports nothing new")
  void secondSyncChangesNothing() {
    syncOnce(SyncOptions.defaults());
    List<MessageRecord> before = all();

    SyncReport again = syncOnce(SyncOptions.defaults());

    assertThat(again.messagesNew()).isZero();
    assertThat(again.messagesUpdated()).isZero();
    assertThat(again.messagesDeleted()).isZero();
    assertThat(again.bytes()).isZero();
    assertThat(again.errors()).isZero();
    assertThat(withoutBlobs(all())).isEqualTo(withoutBlobs(before));
  }

  @Test
  @DisplayName("a sync right after another reuses its connection and counts nothing again; new mail is still seen")
  void resyncReusesTheConnection() throws Exception {
    try (io.mailmind.testkit.FaultProxy proxy = io.mailmind.testkit.FaultProxy.start("127.0.0.1",
        GREENMAIL.getImap().getPort())) {
      account = ImapAccount.builder().id("alice@test").host("127.0.0.1").port(proxy.port())
          .security(Security.PLAIN).username("alice").build();
      try (Mailmind mailmind = mailmind(SyncOptions.defaults(), null)) {
        mailmind.sync(account);
        int connections = proxy.accepted();
        proxy.takeClientCommands();

        SyncReport again = mailmind.sync(account);
        List<String> commands = proxy.takeClientCommands();
        append(folder("INBOX"), SampleMessages.plain(40, "after"), null);
        SyncReport third = mailmind.sync(account);

        assertThat(proxy.accepted()).isEqualTo(connections);
        assertThat(commands).noneMatch(c -> c.toUpperCase().startsWith("LOGIN") || c.toUpperCase().contains("BODY"));
        assertThat(again.messagesNew()).isZero();
        assertThat(again.messagesTotal()).isEqualTo(12);
        assertThat(third.messagesNew()).isEqualTo(1);
        assertThat(third.messagesTotal()).isEqualTo(13);
        assertThat(storedUids()).isEqualTo(serverUids());
      }
      // closing Mailmind closes the lingering connections (the proxy sees each close a moment later)
      io.mailmind.testkit.Await.until("every connection closed", () -> proxy.open() == 0,
          () -> proxy.open() + " connections still open");
    }
  }

  @Test
  @DisplayName("flag changes and expunges on the server reach the store")
  void flagsAndDeletions() throws Exception {
    syncOnce(SyncOptions.defaults());
    MailFolder inbox = folder("INBOX");
    List<StoredMessage> messages = inbox.getMessages();
    inbox.setFlags(new Flags(Flags.Flag.FLAGGED), true, messages.get(0).getUid(), null, false);
    inbox.setFlags(new Flags(Flags.Flag.DELETED), true, messages.get(1).getUid(), null, false);
    inbox.expunge();

    SyncReport report = syncOnce(SyncOptions.defaults());

    assertThat(report.messagesUpdated()).isEqualTo(1);
    assertThat(report.messagesDeleted()).isEqualTo(1);
    assertThat(storedUids()).isEqualTo(serverUids());
    MessageRecord flagged = store.message(io.mailmind.core.model.MessageKey.of("alice@test", "INBOX",
        inbox.getUidValidity(), messages.get(0).getUid())).orElseThrow();
    assertThat(flagged.metadata().flags()).containsExactly("\\Flagged", "\\Seen");
  }

  @Test
  @DisplayName("moves (copy + expunge) and new folders on a server without CONDSTORE reach the store")
  void movesAndFolderChanges() throws Exception {
    syncOnce(SyncOptions.defaults());
    var manager = GREENMAIL.getManagers().getImapHostManager();
    MailFolder inbox = folder("INBOX");
    long moved = inbox.getMessages().get(0).getUid();
    inbox.copyMessage(moved, folder("Archive"));
    inbox.setFlags(new Flags(Flags.Flag.DELETED), true, moved, null, false);
    inbox.expunge();
    MailFolder receipts = manager.createMailbox(user, "Receipts");
    append(receipts, SampleMessages.plain(90, "receipt"), null);

    SyncReport report = syncOnce(SyncOptions.defaults());

    assertThat(report.errors()).isZero();
    assertThat(report.messagesNew()).isEqualTo(2);
    assertThat(report.messagesDeleted()).isEqualTo(1);
    // Folder deletion is covered against Dovecot: GreenMail 2.1 fails deleting a mailbox once sessions saw it.
    assertThat(storedUids()).isEqualTo(serverUids()).containsKey("Receipts");
  }

  @Test
  @DisplayName("folder tasks start in the sync order, no more at once than the account has connections")
  void folderTasksInOrderOneConnectionEach() throws Exception {
    List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    try (TaskExecutor pool = TaskExecutor.defaultExecutor(8)) {
      TaskExecutor recording = (task, handler) -> {
        if (!(task instanceof MailTask.SyncFolder folderTask)) return pool.submit(task, handler);
        started.add(folderTask.imapFolder());
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        return pool.submit(task, handler).whenComplete((ignored, failure) -> running.decrementAndGet());
      };
      SyncReport report;
      try (Mailmind mailmind = mailmind(SyncOptions.builder().maxConnectionsPerAccount(2).build(), recording)) {
        report = mailmind.sync(account);
      }
      assertThat(report.errors()).isZero();
    }
    assertThat(started).hasSize(4).startsWith("INBOX", "Sent").endsWith("Archive");
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(storedUids()).isEqualTo(serverUids());
  }

  @Test
  @DisplayName("a sync interrupted between content batches resumes without loss or duplicates")
  @ExpectedLogs("the content worker dies on purpose")
  void interruptedSyncResumes() throws Exception {
    AtomicInteger stores = new AtomicInteger();
    TaskExecutor failingAfterTwo = (task, handler) -> {
      if (task instanceof MailTask.StoreBatch && stores.incrementAndGet() > 2) {
        return CompletableFuture.failedFuture(new IllegalStateException("worker died"));
      }
      return TaskExecutor.direct().submit(task, handler);
    };
    SyncReport interrupted;
    try (Mailmind mailmind = mailmind(SyncOptions.builder().batchSize(2).build(), failingAfterTwo)) {
      interrupted = mailmind.sync(account);
    }
    assertThat(interrupted.errors()).isPositive();
    assertThat(all()).hasSize(12);
    assertThat(all()).filteredOn(m -> m.state() == ContentState.METADATA_ONLY).isNotEmpty();
    assertThat(all()).filteredOn(m -> m.state() == ContentState.COMPLETE).isNotEmpty();

    SyncReport resumed = syncOnce(SyncOptions.builder().batchSize(2).build());

    assertThat(resumed.errors()).isZero();
    assertThat(resumed.messagesNew()).isZero();
    assertThat(all()).hasSize(12).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
    assertThat(storedUids()).isEqualTo(serverUids());
  }

  @Test
  @DisplayName("a message that cannot be parsed is stored with its metadata and the reason")
  void unparsableMessage() {
    append(folder("INBOX"), SampleMessages.tooDeep(80), Flags.Flag.FLAGGED);

    SyncReport report = syncOnce(SyncOptions.defaults());

    assertThat(report.errors()).isEqualTo(1);
    assertThat(all()).hasSize(13);
    MessageRecord deep = all().stream().filter(m -> "<deep@example.org>".equals(m.metadata().headers().messageId()))
        .findFirst().orElseThrow();
    assertThat(deep.state()).isEqualTo(ContentState.ERROR);
    assertThat(deep.error()).contains("nested deeper than");
    assertThat(deep.metadata().headers().subject()).isEqualTo("matryoshka");
    assertThat(deep.metadata().flags()).containsExactly("\\Flagged");
    assertThat(deep.metadata().size()).isPositive();
    assertThat(all()).filteredOn(m -> !"<deep@example.org>".equals(m.metadata().headers().messageId())).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));

    SyncReport again = syncOnce(SyncOptions.defaults());
    assertThat(again.messagesNew()).isZero();
    assertThat(again.bytes()).isZero();
  }

  @Test
  @DisplayName("include and exclude globs choose the folders that are synced")
  void includeAndExclude() {
    SyncReport report = syncOnce(SyncOptions.builder().include(List.of("Archive*", "INBOX"))
        .exclude(List.of("Archive/2024")).build());

    assertThat(report.folders()).isEqualTo(2);
    assertThat(storedUids().keySet()).containsExactlyInAnyOrder("INBOX", "Archive");
  }

  @Test
  @DisplayName("started, the engine syncs every active account periodically and never two runs of one at once")
  void periodicSync() throws Exception {
    java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    io.mailmind.core.spi.EventListener counting = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onSyncStarted(String accountId) {
        if (running.incrementAndGet() > 1) overlaps.incrementAndGet();
      }

      @Override
      public void onSyncFinished(SyncReport report) {
        running.decrementAndGet();
        finished.incrementAndGet();
      }
    };
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).listener(counting)
        .syncOptions(SyncOptions.builder().syncInterval(java.time.Duration.ofMillis(100)).build())
        .idleOptions(io.mailmind.core.IdleOptions.disabled()).build()) {
      mailmind.start();
      io.mailmind.testkit.Await.until("three scheduled syncs", () -> finished.get() >= 3);
      append(folder("INBOX"), SampleMessages.plain(99, "arrives later"), null);
      int seen = finished.get();
      io.mailmind.testkit.Await.until("two more scheduled syncs", () -> finished.get() >= seen + 2);
    }
    assertThat(finished.get()).isGreaterThanOrEqualTo(3);
    assertThat(overlaps.get()).isZero();
    assertThat(all()).hasSize(13).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
  }

  @Test
  @DisplayName("an account sync lists every folder's messages before it stores any content")
  void metadataOfEveryFolderFirst() {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.mailmind.core.spi.EventListener listener = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onMessagesStored(io.mailmind.core.model.MessagesEvent event) {
        order.add("metadata " + event.imapFolder());
      }

      @Override
      public void onContentStored(io.mailmind.core.model.MessagesEvent event) {
        order.add("content " + event.imapFolder());
      }
    };
    // one message per batch, and an INBOX whose metadata takes longer than the small folders' whole sync: without
    // the hold, Sent's and Archive's content would be stored while INBOX still stores metadata
    MailFolder inbox = folder("INBOX");
    for (int i = 100; i < 160; i++) append(inbox, SampleMessages.plain(i, "bulk " + i), null);
    SyncOptions options = SyncOptions.builder().batchSize(1).metadataBatchSize(1).build();
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).listener(listener).syncOptions(options).build()) {
      mailmind.sync(account);
    }
    int lastMetadata = -1;
    int firstContent = Integer.MAX_VALUE;
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).startsWith("metadata")) lastMetadata = i;
      else firstContent = Math.min(firstContent, i);
    }
    assertThat(order).filteredOn(e -> e.startsWith("metadata")).extracting(e -> e.substring(9))
        .containsOnly("INBOX", "Sent", "Archive/2024");
    assertThat(order).filteredOn(e -> e.startsWith("content")).hasSize(72);
    assertThat(lastMetadata).as("events: %s", order).isLessThan(firstContent);
  }

  @Test
  @DisplayName("Markdown follows the account's content; new mail's Markdown goes beside it")
  void markdownAfterContent() throws Exception {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch newMailMarkdown = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean besideContent = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean secondSync = new java.util.concurrent.atomic.AtomicBoolean();
    io.mailmind.core.spi.EventListener listener = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onContentStored(io.mailmind.core.model.MessagesEvent event) {
        event.uids().forEach(uid -> order.add("content " + event.imapFolder() + " " + uid));
        try {
          // the second sync's last batch waits for a Markdown of new mail: it can only come beside the content
          if (secondSync.get() && event.imapFolder().equals("INBOX") && event.uids().contains(10L)) {
            besideContent.set(newMailMarkdown.await(30, java.util.concurrent.TimeUnit.SECONDS));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void onMarkdownStored(io.mailmind.core.model.MessagesEvent event) {
        event.uids().forEach(uid -> order.add("markdown " + event.imapFolder() + " " + uid));
        if (secondSync.get()) newMailMarkdown.countDown();
      }
    };
    MailFolder archive = folder("Archive.2024");
    for (int i = 40; i < 50; i++) append(archive, SampleMessages.newsletter(i), null);
    SyncOptions options = SyncOptions.builder().batchSize(1).build();
    // virtual time that stands still: no Markdown task ever waits long enough to go beside the content
    java.time.Clock clock = new io.mailmind.testkit.SettableClock(
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-07T10:00:00Z")));
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account).clock(clock)
        .credentials(a -> Credentials.password("secret")).listener(listener).syncOptions(options).build()) {
      mailmind.sync(account);
      assertThat(order).filteredOn(e -> e.startsWith("markdown")).hasSize(13);
      int lastContent = -1;
      int firstMarkdown = Integer.MAX_VALUE;
      for (int i = 0; i < order.size(); i++) {
        if (order.get(i).startsWith("content")) lastContent = i;
        else firstMarkdown = Math.min(firstMarkdown, i);
      }
      assertThat(lastContent).as("events: %s", order).isLessThan(firstMarkdown);

      order.clear();
      MailFolder inbox = folder("INBOX");
      for (int i = 50; i < 56; i++) append(inbox, SampleMessages.newsletter(i), null);
      secondSync.set(true);
      mailmind.sync(account);
    }
    assertThat(besideContent).as("a Markdown of new mail came while content was stored; events: %s", order).isTrue();
    assertThat(order).filteredOn(e -> e.startsWith("markdown")).hasSize(6);
    assertThat(all()).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
  }

  @Test
  @DisplayName("mail that arrived since the last sync is announced as new mail after its content is stored; a first import is not")
  void newMailEvents() {
    List<io.mailmind.core.model.MessagesEvent> newMail = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.mailmind.core.spi.EventListener listener = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onNewMail(io.mailmind.core.model.MessagesEvent event) {
        assertThat(store.message(io.mailmind.core.model.MessageKey.of(event.accountId(), event.imapFolder(),
            event.uidValidity(), event.uids().get(0))).orElseThrow().state()).isEqualTo(ContentState.COMPLETE);
        newMail.add(event);
      }
    };
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).listener(listener).build()) {
      mailmind.sync(account);
      assertThat(newMail).isEmpty();
      append(folder("INBOX"), SampleMessages.plain(41, "fresh"), null);
      mailmind.sync(account);
    }
    assertThat(newMail).singleElement().satisfies(event -> {
      assertThat(event.folder()).isEqualTo("Inbox");
      assertThat(event.uids()).containsExactly(10L);
    });
  }

  @Test
  @DisplayName("new mail stored without its content (a sync ended in between, as when a node is killed or releases"
      + " the account) is announced by the sync that stores its content, on this node or another")
  @ExpectedLogs("the store refuses the content on purpose")
  void newMailLeftWithoutContentIsAnnouncedLater() {
    List<io.mailmind.core.model.MessagesEvent> newMail = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.mailmind.core.spi.EventListener listener = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onNewMail(io.mailmind.core.model.MessagesEvent event) {
        newMail.add(event);
      }
    };
    SyncOptions options = SyncOptions.builder().batchSize(1).build();
    syncOnce(options); // the first import: nothing is new mail
    append(folder("INBOX"), SampleMessages.plain(42, "fresh, then interrupted"), null);
    try (Mailmind first = Mailmind.builder().store(failingFor(Set.of(10L), Set.of())).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options).listener(listener).build()) {
      first.sync(account); // stores 10's metadata, then its content fails: not announced
    }
    assertThat(newMail).isEmpty();
    try (Mailmind second = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).syncOptions(options).listener(listener).build()) {
      second.sync(account);
      second.sync(account); // announced once, not again
    }
    assertThat(newMail).singleElement().satisfies(event -> assertThat(event.uids()).containsExactly(10L));
  }

  @Test
  @DisplayName("a listener that throws is logged and never stops a sync")
  void throwingListener(CapturedLog log) {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.mailmind.core.spi.EventListener throwing = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onMessagesStored(io.mailmind.core.model.MessagesEvent event) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onContentStored(io.mailmind.core.model.MessagesEvent event) {
        throw new IllegalStateException("listener bug");
      }
    };
    io.mailmind.core.spi.EventListener recording = new io.mailmind.core.spi.EventListener() {
      @Override
      public void onContentStored(io.mailmind.core.model.MessagesEvent event) {
        seen.add(event.imapFolder());
      }
    };
    SyncReport report;
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password("secret")).listener(throwing).listener(recording).build()) {
      report = mailmind.sync(account);
    }
    assertThat(report.errors()).isZero();
    assertThat(all()).hasSize(12);
    assertThat(seen).contains("INBOX", "Sent", "Archive/2024");
    assertThat(log.warnings()).isNotEmpty().allMatch(line -> line.contains("EventListener "
        + "io.mailmind.core.functional.GreenMailSyncTest$") && line.contains("; ignored"));
    assertThat(log.text()).contains("java.lang.IllegalStateException: listener bug");
  }

  private static List<String> withoutBlobs(List<MessageRecord> records) {
    return records.stream().map(r -> new MessageRecord(r.metadata(), r.text(), r.html(), r.markdown(),
        r.attachments().stream().map(Attachment::withoutContent).toList(), r.state(), r.error()).toString()).toList();
  }
}
