package io.mailmind.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.Mailmind;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.internal.folder.Flags;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.testkit.DovecotServer;
import io.mailmind.testkit.FaultProxy;
import io.mailmind.testkit.InMemoryMailStore;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exact incremental sync against a real Dovecot (CONDSTORE, QRESYNC, SPECIAL-USE, MOVE): after every kind of
 * change on the server the store equals the server, and a sync with nothing changed fetches nothing.
 */
class DovecotSyncTest {
  /** Whether the server announces CONDSTORE/QRESYNC; a subclass runs the same scenarios without them. */
  boolean condstore() {
    return true;
  }

  private DovecotServer dovecot;
  private FaultProxy recorder;
  private InMemoryMailStore store;
  private ImapAccount account;
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    dovecot = condstore() ? DovecotServer.startOrSkip()
        : DovecotServer.builder().withoutCapabilities("CONDSTORE", "QRESYNC").startOrSkip();
    recorder = FaultProxy.start(dovecot.host(), dovecot.port());
    store = new InMemoryMailStore();
    account = ImapAccount.builder().id("dove@test").host("127.0.0.1").port(recorder.port()).security(Security.PLAIN)
        .username(dovecot.user()).build();
    for (int i = 1; i <= 6; i++) {
      dovecot.append("INBOX", SampleMessages.plain(i, "inbox " + i).getBytes(StandardCharsets.UTF_8),
          i % 2 == 0 ? new String[] {"\\Seen"} : new String[0]);
    }
    dovecot.append("INBOX", SampleMessages.newsletter(1).getBytes(StandardCharsets.UTF_8));
    dovecot.append("Sent", SampleMessages.plain(50, "sent").getBytes(StandardCharsets.UTF_8), "\\Seen");
    dovecot.createFolder("Projects/Übersicht");
    dovecot.append("Projects/Übersicht", SampleMessages.plain(60, "nested").getBytes(StandardCharsets.UTF_8),
        "$Important");
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() throws Exception {
    if (recorder != null) recorder.close();
    if (dovecot != null) dovecot.close();
  }

  private SyncReport sync() {
    try (Mailmind mailmind = Mailmind.builder().store(store).accounts(account)
        .credentials(a -> Credentials.password(dovecot.password()))
        .syncOptions(SyncOptions.builder().batchSize(3).build())
        .listener(new EventListener() {
          @Override
          public void onUidValidityChanged(FolderId folder, long oldUidValidity, long newUidValidity) {
            events.add("uidvalidity " + folder.imapFolder());
          }

          @Override
          public void onFolderDeleted(FolderId folder) {
            events.add("deleted " + folder.imapFolder());
          }
        }).build()) {
      return mailmind.sync(account);
    }
  }

  /** folder → "UIDVALIDITY/UID flags message-id" lines, as the server has them. */
  private Map<String, List<String>> server() throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    Store imap = dovecot.openStore();
    try {
      for (jakarta.mail.Folder folder : imap.getDefaultFolder().list("*")) {
        if ((folder.getType() & jakarta.mail.Folder.HOLDS_MESSAGES) == 0) continue;
        IMAPFolder imapFolder = (IMAPFolder) folder;
        imapFolder.open(jakarta.mail.Folder.READ_ONLY);
        List<String> lines = new ArrayList<>();
        for (Message message : imapFolder.getMessages()) {
          List<String> flags = new ArrayList<>();
          for (jakarta.mail.Flags.Flag flag : message.getFlags().getSystemFlags()) {
            if (flag == jakarta.mail.Flags.Flag.SEEN) flags.add("\\Seen");
            if (flag == jakarta.mail.Flags.Flag.FLAGGED) flags.add("\\Flagged");
            if (flag == jakarta.mail.Flags.Flag.ANSWERED) flags.add("\\Answered");
            if (flag == jakarta.mail.Flags.Flag.DRAFT) flags.add("\\Draft");
            if (flag == jakarta.mail.Flags.Flag.DELETED) flags.add("\\Deleted");
          }
          flags.addAll(Arrays.asList(message.getFlags().getUserFlags()));
          lines.add(imapFolder.getUIDValidity() + "/" + ((UIDFolder) imapFolder).getUID(message) + " "
              + Flags.normalize(flags) + " " + ((jakarta.mail.internet.MimeMessage) message).getMessageID());
        }
        imapFolder.close(false);
        out.put(folder.getFullName().replace(imapFolder.getSeparator(), '/'), lines);
      }
    } finally {
      imap.close();
    }
    return out;
  }

  private Map<String, List<String>> stored() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Folder folder : store.folders("dove@test")) out.put(folder.id().imapFolder(), new ArrayList<>());
    store.forEachMessage("dove@test", (MessageRecord m) -> out.get(m.key().folder().imapFolder())
        .add(m.key().uidValidity() + "/" + m.key().uid() + " " + m.metadata().flags() + " "
            + m.metadata().headers().messageId()));
    return out;
  }

  private void assertMirror() throws Exception {
    assertThat(stored()).isEqualTo(server());
    List<MessageRecord> all = new ArrayList<>();
    store.forEachMessage("dove@test", all::add);
    assertThat(all).allSatisfy(m -> assertThat(m.state()).isEqualTo(ContentState.COMPLETE));
  }

  @Test
  @DisplayName("every kind of server change ends with the store equal to the server")
  void mirrorsEveryChange() throws Exception {
    SyncReport first = sync();
    assertThat(first.errors()).isZero();
    assertThat(first.messagesNew()).isEqualTo(9);
    assertMirror();
    assertThat(store.folders("dove@test")).extracting(Folder::name)
        .contains("Inbox", "Sent", "Drafts", "Archive", "Trash", "Spam", "Projects/Übersicht");

    List<Long> inbox = dovecot.uids("INBOX");
    dovecot.setFlags("INBOX", inbox.get(0), true, "\\Flagged", "$Label1");
    dovecot.setFlags("INBOX", inbox.get(1), false, "\\Seen");
    dovecot.expunge("INBOX", inbox.get(2));
    dovecot.move("INBOX", inbox.get(3), "Archive");
    dovecot.append("INBOX", SampleMessages.plain(7, "late arrival").getBytes(StandardCharsets.UTF_8));
    dovecot.createFolder("Receipts");
    dovecot.append("Receipts", SampleMessages.plain(70, "receipt").getBytes(StandardCharsets.UTF_8));
    dovecot.deleteFolder("Projects/Übersicht");

    SyncReport second = sync();
    assertThat(second.errors()).isZero();
    assertThat(second.messagesNew()).isEqualTo(3);
    assertThat(second.messagesUpdated()).isEqualTo(2);
    assertThat(second.messagesDeleted()).isEqualTo(2);
    assertThat(events).contains("deleted Projects/Übersicht");
    assertMirror();

    long newValidity = dovecot.recreateFolder("Archive");
    dovecot.append("Archive", SampleMessages.plain(80, "after recreate").getBytes(StandardCharsets.UTF_8));

    SyncReport third = sync();
    assertThat(third.errors()).isZero();
    assertThat(events).contains("uidvalidity Archive");
    assertMirror();
    assertThat(stored().get("Archive")).singleElement().asString().startsWith(newValidity + "/");
  }

  @Test
  @DisplayName("a sync with nothing changed fetches no message data and reports nothing new")
  void noChangeNoFetch() throws Exception {
    sync();
    recorder.takeClientCommands();

    SyncReport again = sync();

    List<String> commands = recorder.takeClientCommands();
    assertThat(again.messagesNew()).isZero();
    assertThat(again.messagesUpdated()).isZero();
    assertThat(again.messagesDeleted()).isZero();
    assertThat(again.bytes()).isZero();
    assertThat(commands).noneMatch(c -> c.toUpperCase().contains("BODY") || c.toUpperCase().contains("RFC822]")
        || c.toUpperCase().contains("ENVELOPE"));
    if (condstore()) {
      assertThat(commands).noneMatch(c -> c.toUpperCase().contains("FETCH"));
      assertThat(commands).noneMatch(c -> c.toUpperCase().startsWith("SELECT") || c.toUpperCase().startsWith("EXAMINE"));
      assertThat(commands).anyMatch(c -> c.toUpperCase().startsWith("STATUS"));
    }
    assertMirror();
  }

  @Test
  @DisplayName("a UIDVALIDITY change that keeps the messages re-reads the folder anew")
  void uidValidityResetKeepingMessages() throws Exception {
    sync();
    long before = dovecot.uidValidity("INBOX");
    long after = dovecot.resetUidValidity("INBOX");
    assertThat(after).isNotEqualTo(before);

    SyncReport report = sync();

    assertThat(report.errors()).isZero();
    assertThat(events).contains("uidvalidity INBOX");
    assertMirror();
  }
}
