package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailTask;
import io.mailmind.testkit.InMemoryMailStore;
import io.mailmind.testkit.gmail.GmailModel;
import io.mailmind.testkit.gmail.ScriptedGmailServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine against a scripted server that speaks Gmail's IMAP extensions (X-GM-EXT-1), with CONDSTORE as
 * Gmail has it (incremental syncs); {@link GmailWithoutCondstoreSyncTest} runs the same without it (full diffs).
 */
class GmailSyncTest {
  private static final String ACCOUNT = "alice@gmail";
  private static final String ALL_MAIL = "[Gmail]/All Mail";
  /** A thread id above Long.MAX_VALUE: X-GM-THRID is unsigned. */
  private static final long THREAD = Long.parseUnsignedLong("17000000000000000017");

  private final InMemoryMailStore store = new InMemoryMailStore();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private ScriptedGmailServer server;
  private GmailModel model;
  private ImapAccount account;
  private long inboxAndWork;
  private long sent;
  private long umlautLabel;
  private long starred;
  private long archived;
  private long spam;
  private long trash;
  private long draft;

  private void start(GmailModel gmail) throws Exception {
    model = gmail;
    server = ScriptedGmailServer.start(model, "alice@gmail.com", "secret");
    server.condstore(condstore());
    account = ImapAccount.builder().id(ACCOUNT).host("127.0.0.1").port(server.port()).security(Security.PLAIN)
        .username("alice@gmail.com").build();
    inboxAndWork = model.addMessage(1_790_000_000_000_000_101L, THREAD, plain(1, "Quarterly numbers"),
        "\\Inbox", "Work", "\\Important");
    model.setFlags(inboxAndWork, "\\Seen");
    sent = model.addMessage(1_790_000_000_000_000_102L, THREAD, plain(2, "Re: Quarterly numbers"), "\\Sent");
    umlautLabel = model.addMessage(plain(3, "Beschwerde"), "Ärger");
    starred = model.addMessage(plain(4, "Keep this"), "\\Starred");
    archived = model.addMessage(plain(5, "Archived"));
    spam = model.addMessage(plain(6, "You won"));
    model.moveTo(spam, GmailModel.Location.SPAM);
    trash = model.addMessage(plain(7, "Old stuff"), "\\Inbox");
    model.moveTo(trash, GmailModel.Location.TRASH);
    draft = model.addMessage(plain(8, "Unfinished"), "\\Draft");
  }

  boolean condstore() {
    return true;
  }

  @AfterEach
  void stop() {
    if (server == null) return;
    server.close();
    assertThat(server.unsupported()).as("commands the scripted server does not implement").isEmpty();
  }

  private static String plain(int n, String subject) {
    return "Message-ID: <gmail-" + n + "@example.org>\r\n"
        + "Date: Fri, 1 Mar 2024 09:" + (10 + n) + ":00 +0000\r\n"
        + "From: Bob <bob@example.org>\r\n"
        + "To: alice@gmail.com\r\n"
        + "Subject: " + subject + "\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "\r\n"
        + "Body of message " + n + ".\r\n";
  }

  private SyncReport sync(SyncOptions options) {
    try (Mailmind mailmind = mailmind(options)) {
      return mailmind.sync(account);
    }
  }

  private Mailmind mailmind(SyncOptions options) {
    EventListener listener = new EventListener() {
      @Override
      public void onFlagsChanged(MessagesEvent event) {
        events.add("flags " + event.imapFolder() + " " + event.uids());
      }

      @Override
      public void onNewMail(MessagesEvent event) {
        events.add("new " + event.folder() + " " + event.imapFolder() + " " + event.uids());
      }

      @Override
      public void onUidValidityChanged(FolderId folder, long oldUidValidity, long newUidValidity) {
        events.add("uidvalidity " + folder.imapFolder() + " " + oldUidValidity + " " + newUidValidity);
      }
    };
    return Mailmind.builder().store(store).accounts(account).credentials(a -> Credentials.password("secret"))
        .syncOptions(options).listener(listener).build();
  }

  private SyncReport sync() {
    return sync(SyncOptions.defaults());
  }

  private List<MessageRecord> all() {
    List<MessageRecord> records = new ArrayList<>();
    store.forEachMessage(ACCOUNT, records::add);
    return records;
  }

  private MessageRecord stored(long msgId) {
    List<MessageRecord> rows = all().stream().filter(r -> r.metadata().gmMsgId() == msgId).toList();
    assertThat(rows).as("rows of X-GM-MSGID %s", msgId).hasSize(1);
    return rows.get(0);
  }

  /** What the server holds: folder → UID by X-GM-MSGID, for the three folders Mailmind syncs. */
  private Map<String, Map<Long, Long>> serverKeys() {
    Map<String, Map<Long, Long>> out = new TreeMap<>();
    for (String attribute : List.of("\\All", "\\Junk", "\\Trash")) {
      GmailModel.View view = model.view(model.folderWith(attribute));
      Map<Long, Long> uids = new TreeMap<>();
      for (GmailModel.Row row : view.rows()) uids.put(row.msgId(), row.uid());
      out.put(view.name(), uids);
    }
    return out;
  }

  private Map<String, Map<Long, Long>> storedKeys() {
    Map<String, Map<Long, Long>> out = new TreeMap<>();
    for (Folder folder : store.folders(ACCOUNT)) out.put(folder.id().imapFolder(), new TreeMap<>());
    for (MessageRecord r : all()) out.get(r.key().folder().imapFolder()).put(r.metadata().gmMsgId(), r.key().uid());
    return out;
  }

  private List<String> fetchesWithBodies() {
    return server.commands().stream().filter(c -> c.contains("FETCH") && c.contains("BODY")).toList();
  }

  @ParameterizedTest
  @EnumSource(ScriptedGmailServer.LabelStyle.class)
  @DisplayName("a first sync stores one row per X-GM-MSGID from All Mail, Spam and Trash, with labels and threads")
  void firstSync(ScriptedGmailServer.LabelStyle style) throws Exception {
    start(GmailModel.english());
    server.labelStyle(style);

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(report.folders()).isEqualTo(3);
    assertThat(report.messagesNew()).isEqualTo(8);
    assertThat(report.messagesTotal()).isEqualTo(8);
    assertThat(store.folders(ACCOUNT)).extracting(f -> f.id().imapFolder() + " = " + f.name())
        .containsExactly("[Gmail]/All Mail = All Mail", "[Gmail]/Spam = Spam", "[Gmail]/Trash = Trash");
    assertThat(storedKeys()).isEqualTo(serverKeys());
    assertThat(all()).allSatisfy(r -> assertThat(r.state()).isEqualTo(ContentState.COMPLETE));

    MessageRecord first = stored(inboxAndWork);
    assertThat(first.key().folder().imapFolder()).isEqualTo(ALL_MAIL);
    assertThat(first.metadata().folder()).isEqualTo("Inbox");
    assertThat(first.metadata().labels()).containsExactly("\\Important", "\\Inbox", "Work");
    assertThat(first.metadata().flags()).containsExactly("\\Seen");
    assertThat(first.metadata().gmThrId()).isEqualTo(THREAD);
    assertThat(first.metadata().threadId()).isEqualTo(Long.toHexString(THREAD));
    assertThat(first.metadata().headers().subject()).isEqualTo("Quarterly numbers");
    assertThat(first.text()).contains("Body of message 1.");
    MessageRecord reply = stored(sent);
    assertThat(reply.metadata().folder()).isEqualTo("Sent");
    assertThat(reply.metadata().threadId()).isEqualTo(first.metadata().threadId());
    assertThat(store.thread(ACCOUNT, Long.toHexString(THREAD))).extracting(r -> r.metadata().gmMsgId())
        .containsExactly(inboxAndWork, sent);
    assertThat(stored(umlautLabel).metadata().folder()).isEqualTo("Ärger");
    assertThat(stored(umlautLabel).metadata().labels()).containsExactly("Ärger");
    assertThat(stored(umlautLabel).metadata().threadId()).isEqualTo(Long.toHexString(umlautLabel));
    assertThat(stored(starred).metadata().folder()).isEqualTo("Starred");
    assertThat(stored(archived).metadata().folder()).isEqualTo("All Mail");
    assertThat(stored(archived).metadata().labels()).isEmpty();
    assertThat(stored(draft).metadata().folder()).isEqualTo("Drafts");
    assertThat(stored(spam).metadata().folder()).isEqualTo("Spam");
    assertThat(stored(trash).metadata().folder()).isEqualTo("Trash");
    assertThat(stored(trash).key().folder().imapFolder()).isEqualTo("[Gmail]/Trash");
  }

  @Test
  @DisplayName("a message in Inbox and under a user label is stored once; label folders are never opened")
  void labelFoldersAreIgnored() throws Exception {
    start(GmailModel.english());

    SyncReport report = sync(SyncOptions.builder().include(List.of("INBOX", "Work", "[Gmail]/*")).build());

    assertThat(report.errors()).isZero();
    assertThat(all()).filteredOn(r -> r.metadata().gmMsgId() == inboxAndWork).hasSize(1);
    assertThat(all()).hasSize(8);
    assertThat(server.commands()).filteredOn(c -> c.startsWith("EXAMINE") || c.startsWith("SELECT"))
        .allSatisfy(c -> assertThat(c).containsAnyOf("All Mail", "Spam", "Trash"));
    assertThat(store.folders(ACCOUNT)).extracting(Folder::name).containsExactly("All Mail", "Spam", "Trash");
  }

  @Test
  @DisplayName("the Gmail folders are found by SPECIAL-USE attribute in any language")
  void localizedFolderNames() throws Exception {
    start(GmailModel.german());

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(store.folders(ACCOUNT)).extracting(f -> f.id().imapFolder() + " = " + f.name()).containsExactly(
        "[Google Mail]/Alle Nachrichten = All Mail", "[Google Mail]/Papierkorb = Trash", "[Google Mail]/Spam = Spam");
    assertThat(storedKeys()).isEqualTo(serverKeys());
    assertThat(stored(inboxAndWork).metadata().folder()).isEqualTo("Inbox");
  }

  @Test
  @DisplayName("a second sync of an unchanged mailbox fetches no message data and changes nothing")
  void secondSyncFetchesNothing() throws Exception {
    start(GmailModel.english());
    sync();
    List<MessageRecord> before = all();
    server.clearCommands();

    SyncReport again = sync();

    assertThat(again.errors()).isZero();
    assertThat(again.messagesNew()).isZero();
    assertThat(again.messagesUpdated()).isZero();
    assertThat(again.messagesDeleted()).isZero();
    assertThat(again.bytes()).isZero();
    if (condstore()) { // STATUS shows every folder unchanged: none is even opened
      assertThat(server.commands()).noneMatch(c -> c.contains("FETCH") || c.startsWith("EXAMINE"));
    } else {
      assertThat(server.commands()).filteredOn(c -> c.contains("FETCH"))
          .isNotEmpty().allSatisfy(c -> assertThat(c).isEqualTo("UID FETCH 1:* (UID FLAGS RFC822.SIZE X-GM-LABELS)"));
    }
    assertThat(all()).isEqualTo(before);
  }

  @Test
  @DisplayName("label changes update labels and folder in place, count as updated and fetch no message data")
  void labelChanges() throws Exception {
    start(GmailModel.english());
    sync();
    MessageKey firstKey = stored(inboxAndWork).key();
    long allMailModSeq = model.view(ALL_MAIL).highestModSeq();
    model.setLabels(inboxAndWork, "Work");            // archived out of the Inbox: now filed under Work
    model.setLabels(archived, "\\Inbox", "Projekte/2024");  // moved back to the Inbox, with a nested label
    model.setFlags(umlautLabel, "\\Seen");            // a flag change alone
    server.clearCommands();
    events.clear();

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(report.messagesUpdated()).isEqualTo(3);
    assertThat(report.messagesNew()).isZero();
    assertThat(report.messagesDeleted()).isZero();
    assertThat(fetchesWithBodies()).isEmpty();
    if (condstore()) { // the label changes raised the MODSEQs: found by CHANGEDSINCE, not by a full listing
      assertThat(server.commands()).filteredOn(c -> c.contains("FETCH")).containsExactly(
          "UID FETCH 1:* (UID FLAGS RFC822.SIZE X-GM-LABELS) (CHANGEDSINCE " + allMailModSeq + ")");
    }
    MessageRecord first = stored(inboxAndWork);
    assertThat(first.key()).isEqualTo(firstKey);
    assertThat(first.metadata().labels()).containsExactly("Work");
    assertThat(first.metadata().folder()).isEqualTo("Work");
    assertThat(first.metadata().flags()).containsExactly("\\Seen");
    assertThat(first.text()).contains("Body of message 1.");
    assertThat(stored(archived).metadata().folder()).isEqualTo("Inbox");
    assertThat(stored(archived).metadata().labels()).containsExactly("\\Inbox", "Projekte/2024");
    assertThat(stored(umlautLabel).metadata().flags()).containsExactly("\\Seen");
    assertThat(stored(umlautLabel).metadata().folder()).isEqualTo("Ärger");
    assertThat(events).containsExactly("flags " + ALL_MAIL + " " + List.of(firstKey.uid(),
        stored(umlautLabel).key().uid(), stored(archived).key().uid()));
  }

  @Test
  @DisplayName("a changed UIDVALIDITY re-maps the stored rows by X-GM-MSGID without downloading them again")
  void uidValidityChange() throws Exception {
    start(GmailModel.english());
    sync();
    long oldUidValidity = stored(inboxAndWork).key().uidValidity();
    List<String> textsBefore = all().stream().map(MessageRecord::text).sorted().toList();
    model.changeUidValidity(ALL_MAIL);
    server.clearCommands();
    events.clear();

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(report.messagesNew()).isZero();
    assertThat(report.bytes()).isZero();
    assertThat(fetchesWithBodies()).isEmpty();
    long newUidValidity = model.view(ALL_MAIL).uidValidity();
    assertThat(newUidValidity).isNotEqualTo(oldUidValidity);
    assertThat(events).containsExactly("uidvalidity " + ALL_MAIL + " " + oldUidValidity + " " + newUidValidity);
    assertThat(storedKeys()).isEqualTo(serverKeys());
    assertThat(all()).filteredOn(r -> r.key().folder().imapFolder().equals(ALL_MAIL))
        .hasSize(6).allSatisfy(r -> {
          assertThat(r.key().uidValidity()).isEqualTo(newUidValidity);
          assertThat(r.state()).isEqualTo(ContentState.COMPLETE);
        });
    assertThat(all().stream().map(MessageRecord::text).sorted().toList()).isEqualTo(textsBefore);
    MessageRecord first = stored(inboxAndWork);
    assertThat(first.metadata().folder()).isEqualTo("Inbox");
    assertThat(first.metadata().threadId()).isEqualTo(Long.toHexString(THREAD));
    assertThat(first.metadata().headers().subject()).isEqualTo("Quarterly numbers");
  }

  @Test
  @DisplayName("a changed UIDVALIDITY drops the rows of messages that are gone and fetches only the new ones")
  void uidValidityChangeWithOtherChanges() throws Exception {
    start(GmailModel.english());
    sync();
    model.changeUidValidity(ALL_MAIL);
    model.delete(archived);
    long added = model.addMessage(plain(9, "Arrived meanwhile"), "\\Inbox");
    server.clearCommands();

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(report.messagesNew()).isEqualTo(1);
    assertThat(storedKeys()).isEqualTo(serverKeys());
    assertThat(all()).noneMatch(r -> r.metadata().gmMsgId() == archived);
    assertThat(stored(added).metadata().folder()).isEqualTo("Inbox");
    assertThat(stored(added).text()).contains("Body of message 9.");
    long addedUid = stored(added).key().uid();
    assertThat(fetchesWithBodies()).allSatisfy(c -> assertThat(c).startsWith("UID FETCH " + addedUid + " "));
  }

  @Test
  @DisplayName("deletions are reflected; moving to Trash is a deletion in All Mail and a new message in Trash")
  void deletions() throws Exception {
    start(GmailModel.english());
    sync();
    model.delete(archived);
    model.moveTo(starred, GmailModel.Location.TRASH);

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(report.messagesDeleted()).isEqualTo(2);
    assertThat(report.messagesNew()).isEqualTo(1);
    assertThat(storedKeys()).isEqualTo(serverKeys());
    assertThat(all()).noneMatch(r -> r.metadata().gmMsgId() == archived);
    MessageRecord trashed = stored(starred);
    assertThat(trashed.key().folder().imapFolder()).isEqualTo("[Gmail]/Trash");
    assertThat(trashed.metadata().folder()).isEqualTo("Trash");
    assertThat(trashed.metadata().labels()).containsExactly("\\Starred");
  }

  @Test
  @DisplayName("the new-mail unit stores new Gmail messages whole, with labels and thread, then tells the host")
  void newMail() throws Exception {
    start(GmailModel.english());
    sync();
    long added = model.addMessage(1_790_000_000_000_000_201L, THREAD, plain(9, "Re: Re: Quarterly numbers"),
        "\\Inbox", "Work");
    events.clear();

    try (Mailmind mailmind = mailmind(SyncOptions.defaults())) {
      mailmind.taskHandler().handle(new MailTask.ProcessNewMail(ACCOUNT, ALL_MAIL));
    }

    MessageRecord record = stored(added);
    assertThat(record.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(record.text()).contains("Body of message 9.");
    assertThat(record.metadata().folder()).isEqualTo("Inbox");
    assertThat(record.metadata().labels()).containsExactly("\\Inbox", "Work");
    assertThat(record.metadata().threadId()).isEqualTo(Long.toHexString(THREAD));
    assertThat(events).containsExactly("new All Mail " + ALL_MAIL + " " + List.of(record.key().uid()));
  }
}
