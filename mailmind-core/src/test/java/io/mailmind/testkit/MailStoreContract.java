package io.mailmind.testkit;

import static io.mailmind.testkit.TestMessages.ACCOUNT;
import static io.mailmind.testkit.TestMessages.BASE_DATE;
import static io.mailmind.testkit.TestMessages.INBOX;
import static io.mailmind.testkit.TestMessages.address;
import static io.mailmind.testkit.TestMessages.attachment;
import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static io.mailmind.testkit.TestMessages.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.core.spi.MailStore;
import io.mailmind.testkit.TestMessages.Message;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link MailStore} follows, as tests. A store author extends this class and implements
 * {@link #createStore()}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends MailStoreContract {
 *   protected MailStore createStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>The store is created before each test (in {@code @BeforeEach}, so subclasses may use their own fields)
 * and handed to {@link #dispose} after it. Needs only mailmind-core, JUnit 5 and AssertJ.
 */
public abstract class MailStoreContract {

  /** The store under test, fresh and empty for each test. */
  protected MailStore store;

  /** A fresh, empty store. */
  protected abstract MailStore createStore() throws Exception;

  /** Releases a store made by {@link #createStore()}; closes it by default. */
  protected void dispose(MailStore store) throws Exception {
    store.close();
  }

  @BeforeEach
  final void createStoreUnderTest() throws Exception {
    store = createStore();
  }

  @AfterEach
  final void disposeStoreUnderTest() throws Exception {
    if (store != null) {
      dispose(store);
    }
  }

  // ---- helpers ----

  /** Upserts the folder of each message, then its metadata and its content. */
  protected void storeComplete(Message... messages) {
    for (Message m : messages) {
      store.upsertFolder(new Folder(m.key().folder(), m.metadata().folder(), List.of(), SyncCheckpoint.NONE));
    }
    store.upsertMetadata(Arrays.stream(messages).map(Message::metadata).toList());
    store.upsertContent(Arrays.stream(messages).map(Message::content).toList());
  }

  protected void storeMetadata(Message... messages) {
    store.upsertMetadata(Arrays.stream(messages).map(Message::metadata).toList());
  }

  protected MessageRecord read(MessageKey key) {
    return store.message(key).orElseThrow(() -> new AssertionError("no message stored for " + key));
  }

  /** What a complete message built by {@code m} reads back as (attachments without bytes). */
  protected static MessageRecord expectedComplete(Message m, String markdown) {
    MessageContent c = m.content();
    return new MessageRecord(m.metadata(), c.text(), c.html(), markdown, c.newText(),
        c.attachments().stream().map(Attachment::withoutContent).toList(), c.state(), c.error());
  }

  protected static MessageRecord expectedMetadataOnly(Message m) {
    return new MessageRecord(m.metadata(), null, null, null, List.of(), ContentState.METADATA_ONLY, null);
  }

  /** The record with its attachments' bytes dropped, for comparisons. */
  protected static MessageRecord withoutBytes(MessageRecord r) {
    return new MessageRecord(r.metadata(), r.text(), r.html(), r.markdown(), r.newText(),
        r.attachments().stream().map(Attachment::withoutContent).toList(), r.state(), r.error());
  }

  protected static List<Long> uids(List<MessageRecord> records) {
    return records.stream().map(r -> r.key().uid()).toList();
  }

  protected static Folder folder(FolderId id, String name) {
    return new Folder(id, name, List.of("\\HasNoChildren"), SyncCheckpoint.NONE);
  }

  /** A blob whose stream fails after {@code failAfter} bytes, as a broken source would. */
  protected static Blob failingBlob(long size, long failAfter) {
    Blob source = TestMessages.generated(size, 99);
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openStream() throws IOException {
        return new FilterInputStream(source.openStream()) {
          private long read;

          @Override
          public int read() throws IOException {
            if (read++ >= failAfter) throw new IOException("simulated read failure");
            return super.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read >= failAfter) throw new IOException("simulated read failure");
            int n = super.read(b, off, (int) Math.min(len, failAfter - read));
            if (n > 0) read += n;
            return n;
          }
        };
      }
    };
  }

  // ---- folders and sync state ----

  @Nested
  @DisplayName("folders")
  class Folders {

    @Test
    @DisplayName("an upserted folder is read back with its name, attributes and checkpoint")
    void roundTrip() {
      Folder folder = new Folder(INBOX, "Inbox", List.of("\\HasNoChildren", "\\Marked"),
          new SyncCheckpoint(7, 42, 1234, Instant.parse("2024-05-01T10:00:00.123Z")));
      store.upsertFolder(folder);
      assertThat(store.folder(INBOX)).contains(folder);
      assertThat(store.folders(ACCOUNT)).containsExactly(folder);
    }

    @Test
    @DisplayName("folder() of a folder never stored is empty, folders() of an unknown account is empty")
    void absent() {
      assertThat(store.folder(new FolderId(ACCOUNT, "Nope"))).isEmpty();
      assertThat(store.folders("nobody@example.org")).isEmpty();
    }

    @Test
    @DisplayName("folders() lists one account's folders by server name, case-sensitively")
    void nameOrder() {
      for (String name : List.of("archive", "INBOX", "Archive/2024", "Archive", "Sent")) {
        store.upsertFolder(folder(new FolderId(ACCOUNT, name), name));
      }
      store.upsertFolder(folder(new FolderId("other@example.org", "AAA"), "AAA"));
      assertThat(store.folders(ACCOUNT)).extracting(f -> f.id().imapFolder())
          .containsExactly("Archive", "Archive/2024", "INBOX", "Sent", "archive");
    }

    @Test
    @DisplayName("upserting an existing folder updates its name and attributes but keeps its checkpoint")
    void upsertKeepsCheckpoint() {
      store.upsertFolder(new Folder(INBOX, "Inbox", List.of("\\HasChildren"), new SyncCheckpoint(7, 10, 0, null)));
      SyncCheckpoint saved = new SyncCheckpoint(7, 50, 99, Instant.parse("2024-05-01T10:00:00Z"));
      store.saveCheckpoint(INBOX, saved);
      store.upsertFolder(new Folder(INBOX, "Posteingang", List.of("\\HasNoChildren"), SyncCheckpoint.NONE));
      assertThat(store.folder(INBOX)).contains(new Folder(INBOX, "Posteingang", List.of("\\HasNoChildren"), saved));
    }

    @Test
    @DisplayName("saveCheckpoint is read back at once (read-your-write), also when it moves back to empty")
    void checkpointReadYourWrite() {
      store.upsertFolder(folder(INBOX, "Inbox"));
      SyncCheckpoint first = new SyncCheckpoint(7, 12, 300, Instant.parse("2024-05-01T10:00:00.456Z"));
      store.saveCheckpoint(INBOX, first);
      assertThat(store.folder(INBOX).orElseThrow().checkpoint()).isEqualTo(first);
      SyncCheckpoint second = new SyncCheckpoint(8, 1, 0, null);
      store.saveCheckpoint(INBOX, second);
      assertThat(store.folder(INBOX).orElseThrow().checkpoint()).isEqualTo(second);
      store.saveCheckpoint(INBOX, SyncCheckpoint.NONE);
      assertThat(store.folder(INBOX).orElseThrow().checkpoint()).isEqualTo(SyncCheckpoint.NONE);
    }

    @Test
    @DisplayName("saveCheckpoint keeps UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ up to 2^63-1 and the time to the millisecond")
    void checkpointRanges() {
      store.upsertFolder(folder(INBOX, "Inbox"));
      Instant when = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      SyncCheckpoint big = new SyncCheckpoint(4294967295L, 4294967295L, Long.MAX_VALUE, when);
      store.saveCheckpoint(INBOX, big);
      assertThat(store.folder(INBOX).orElseThrow().checkpoint()).isEqualTo(big);
    }

    @Test
    @DisplayName("saveCheckpoint of a folder never stored fails with MailStoreException naming the folder")
    void checkpointUnknownFolder() {
      assertThatThrownBy(() -> store.saveCheckpoint(INBOX, new SyncCheckpoint(1, 2, 3, null)))
          .isInstanceOf(MailStoreException.class)
          .hasMessageContaining("INBOX");
      assertThat(store.folder(INBOX)).isEmpty();
    }

    @Test
    @DisplayName("metadata of a folder never upserted creates that folder with an empty checkpoint")
    void metadataCreatesFolder() {
      FolderId sent = new FolderId(ACCOUNT, "Sent Items");
      store.upsertMetadata(List.of(message(key(sent, 3, 1)).folder("Sent").metadata()));
      assertThat(store.folder(sent)).contains(new Folder(sent, "Sent", List.of(), SyncCheckpoint.NONE));
      assertThat(store.message(key(sent, 3, 1))).isPresent();
    }

    @Test
    @DisplayName("deleteFolder removes the folder with its messages and leaves other folders alone")
    void deleteFolder() {
      FolderId archive = new FolderId(ACCOUNT, "Archive");
      FolderId otherAccountsInbox = new FolderId("other@example.org", "INBOX");
      storeComplete(
          message(key(1)).attachment(attachment("a.txt", "text/plain", new byte[] {1, 2, 3})),
          message(key(2)),
          message(key(archive, 5, 1)),
          message(key(otherAccountsInbox, 7, 1)));
      store.deleteFolder(INBOX);
      assertThat(store.folder(INBOX)).isEmpty();
      assertThat(store.message(key(1))).isEmpty();
      assertThat(store.message(key(2))).isEmpty();
      assertThat(store.knownMessages(INBOX, 7)).isEmpty();
      assertThat(store.message(key(archive, 5, 1))).isPresent();
      assertThat(store.message(key(otherAccountsInbox, 7, 1))).isPresent();
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(1);
      assertThat(store.folders(ACCOUNT)).extracting(Folder::id).containsExactly(archive);
    }

    @Test
    @DisplayName("deleting an absent folder does nothing")
    void deleteAbsentFolder() {
      store.upsertFolder(folder(INBOX, "Inbox"));
      assertThatCode(() -> store.deleteFolder(new FolderId(ACCOUNT, "Nope"))).doesNotThrowAnyException();
      assertThat(store.folders(ACCOUNT)).hasSize(1);
    }

    @Test
    @DisplayName("a folder can be stored again after it was deleted")
    void recreate() {
      storeComplete(message(key(1)));
      store.deleteFolder(INBOX);
      storeComplete(message(key(1)).subject("again"));
      assertThat(read(key(1)).metadata().headers().subject()).isEqualTo("again");
    }
  }

  // ---- metadata ----

  @Nested
  @DisplayName("metadata upserts")
  class Metadata {

    @Test
    @DisplayName("a new message is stored METADATA_ONLY with its metadata, no bodies and no attachments")
    void newMessage() {
      Message m = message(key(1)).cc(address("Carol", "carol@example.org")).labels("Work");
      storeMetadata(m);
      assertThat(read(key(1))).isEqualTo(expectedMetadataOnly(m));
    }

    @Test
    @DisplayName("the same key written twice gives one record, also twice within one batch")
    void idempotent() {
      store.upsertMetadata(List.of(metadata(key(1))));
      store.upsertMetadata(List.of(metadata(key(1))));
      store.upsertMetadata(List.of(metadata(key(2)), metadata(key(2)), metadata(key(3))));
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(3);
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::uid).containsExactly(1L, 2L, 3L);
      assertThat(read(key(1))).isEqualTo(expectedMetadataOnly(message(key(1))));
    }

    @Test
    @DisplayName("the same UID under another UIDVALIDITY or in another folder is another message")
    void keyParts() {
      store.upsertMetadata(List.of(metadata(key(INBOX, 7, 1)), metadata(key(INBOX, 8, 1)),
          metadata(key(new FolderId(ACCOUNT, "Sent"), 7, 1)), metadata(key(new FolderId("b@example.org", "INBOX"), 7, 1))));
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(3);
      assertThat(store.countMessages("b@example.org")).isEqualTo(1);
    }

    @Test
    @DisplayName("upserting metadata again updates the logical folder name, flags and labels")
    void updatesFlags() {
      storeMetadata(message(key(1)).flags("\\Seen").labels("A"));
      Message again = message(key(1)).folder("Posteingang").flags("\\Answered", "\\Seen", "$Forwarded").labels("B", "C");
      storeMetadata(again);
      assertThat(read(key(1))).isEqualTo(expectedMetadataOnly(again));
    }

    @Test
    @DisplayName("metadata never downgrades content: bodies, attachments, headers and Markdown are kept, flags updated")
    void neverDowngrades() {
      Message m = message(key(1)).html("<p>hi</p>").subject("from the full message")
          .attachment(attachment("a.bin", "application/octet-stream", new byte[] {9, 8, 7}));
      storeComplete(m);
      store.storeMarkdown(Map.of(key(1), "hi"));
      Message fromMetadataPhase = message(key(1)).subject("from ENVELOPE").flags("\\Flagged", "\\Seen").labels("L");
      storeMetadata(fromMetadataPhase);
      MessageRecord r = read(key(1));
      MessageMetadata expected = m.metadata().withFlags(List.of("\\Flagged", "\\Seen"), List.of("L"));
      assertThat(withoutBytes(r)).isEqualTo(new MessageRecord(expected, m.content().text(), "<p>hi</p>", "hi",
          List.of(m.content().attachments().get(0).withoutContent()), ContentState.COMPLETE, null));
      assertThat(r.attachments().get(0).content().readAllBytes()).containsExactly(9, 8, 7);
    }

    @Test
    @DisplayName("an empty batch does nothing")
    void emptyBatch() {
      store.upsertMetadata(List.of());
      store.upsertContent(List.of());
      store.storeMarkdown(Map.of());
      store.updateFlags(INBOX, 7, List.of());
      assertThat(store.deleteMessages(INBOX, 7, List.of())).isZero();
      assertThat(store.countMessages(ACCOUNT)).isZero();
    }
  }

  // ---- content ----

  @Nested
  @DisplayName("content upserts")
  class Content {

    @Test
    @DisplayName("content stores headers re-read from the message, thread id, bodies, attachments and state")
    void storesContent() {
      storeMetadata(message(key(1)).subject("envelope subject").threadId("t-envelope"));
      Message full = message(key(1)).subject("full subject").threadId("t-full").references(List.of("<r1@x>", "<r2@x>"))
          .inReplyTo("<r2@x>").text("plain").html("<b>html</b>")
          .attachment(attachment("one.pdf", "application/pdf", "%PDF-1.4".getBytes()))
          .attachment(new Attachment(null, "image/png", 3, TestMessages.sha256(new byte[] {1, 2, 3}), true, "logo@x",
              Blob.of(new byte[] {1, 2, 3})));
      store.upsertContent(List.of(full.content()));
      MessageRecord r = read(key(1));
      assertThat(withoutBytes(r)).isEqualTo(expectedComplete(full, null));
      assertThat(r.attachments().get(0).content().readAllBytes()).isEqualTo("%PDF-1.4".getBytes());
      assertThat(r.attachments().get(1).content().readAllBytes()).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("content upserted again replaces the attachments stored before")
    void replacesAttachments() {
      storeComplete(message(key(1))
          .attachment(attachment("old-1.txt", "text/plain", "old one".getBytes()))
          .attachment(attachment("old-2.txt", "text/plain", "old two".getBytes())));
      Message again = message(key(1)).attachment(attachment("new.txt", "text/plain", "new".getBytes()));
      store.upsertContent(List.of(again.content()));
      MessageRecord r = read(key(1));
      assertThat(r.attachments()).extracting(Attachment::filename).containsExactly("new.txt");
      assertThat(r.attachments().get(0).content().readAllBytes()).isEqualTo("new".getBytes());
      store.upsertContent(List.of(message(key(1)).content()));
      assertThat(read(key(1)).attachments()).isEmpty();
    }

    @Test
    @DisplayName("content with state ERROR keeps the metadata and stores the error text and what could be read")
    void errorState() {
      storeMetadata(message(key(1)));
      Message broken = message(key(1)).text(null).html(null).error("multipart boundary never closed");
      store.upsertContent(List.of(broken.content()));
      assertThat(read(key(1))).isEqualTo(expectedComplete(broken, null));
      assertThat(read(key(1)).state()).isEqualTo(ContentState.ERROR);
    }

    @Test
    @DisplayName("content upserted again clears the Markdown that was made from the previous HTML")
    void clearsMarkdown() {
      storeComplete(message(key(1)).html("<p>v1</p>"));
      store.storeMarkdown(Map.of(key(1), "v1"));
      store.upsertContent(List.of(message(key(1)).html("<p>v2</p>").content()));
      assertThat(read(key(1)).markdown()).isNull();
      assertThat(store.knownMessages(INBOX, 7).get(0).markdownPending()).isTrue();
    }

    @Test
    @DisplayName("attachmentContent and html read one attachment's bytes and the HTML body")
    void hostReads() {
      storeComplete(message(key(1)).html("<i>x</i>").attachment(attachment("a", "text/plain", "abc".getBytes())));
      assertThat(store.attachmentContent(key(1), 0).orElseThrow().readAllBytes()).isEqualTo("abc".getBytes());
      assertThat(store.attachmentContent(key(1), 1)).isEmpty();
      assertThat(store.attachmentContent(key(2), 0)).isEmpty();
      assertThat(store.html(key(1))).contains("<i>x</i>");
      storeComplete(message(key(2)));
      assertThat(store.html(key(2))).isEmpty();
    }

    @Test
    @DisplayName("html of a folder's UIDs gives the HTML bodies of those stored with one, by UID, of that folder and"
        + " UIDVALIDITY only")
    void htmlOfMany() {
      FolderId sent = new FolderId(ACCOUNT, "Sent");
      storeComplete(message(key(1)).html("<i>one</i>"), message(key(2)).html(null), message(key(3)).html("<b>3</b>"),
          message(key(INBOX, 8, 4)).html("<p>other UIDVALIDITY</p>"), message(key(sent, 7, 5)).html("<p>Sent</p>"));
      storeMetadata(message(key(6)));

      assertThat(store.html(INBOX, 7, List.of(3L, 1L, 2L, 4L, 5L, 6L, 99L)))
          .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "<i>one</i>", 3L, "<b>3</b>"));
      assertThat(store.html(INBOX, 8, List.of(4L))).containsExactlyEntriesOf(Map.of(4L, "<p>other UIDVALIDITY</p>"));
      assertThat(store.html(sent, 7, List.of(5L, 1L))).containsExactlyEntriesOf(Map.of(5L, "<p>Sent</p>"));
      assertThat(store.html(new FolderId(ACCOUNT, "Nowhere"), 7, List.of(1L))).isEmpty();
      assertThat(store.html(INBOX, 7, List.of())).isEmpty();
    }

    @Test
    @DisplayName("html of more UIDs than one statement takes reads them all")
    void htmlOfManyUids() {
      Message[] messages = new Message[1203];
      for (int i = 0; i < messages.length; i++) messages[i] = message(key(i + 1)).html("<p>" + (i + 1) + "</p>");
      storeComplete(messages);
      List<Long> uids = new ArrayList<>();
      for (long uid = 1203; uid >= 1; uid--) uids.add(uid);
      Map<Long, String> html = store.html(INBOX, 7, uids);
      assertThat(html).hasSize(1203);
      assertThat(html.get(1L)).isEqualTo("<p>1</p>");
      assertThat(html.get(777L)).isEqualTo("<p>777</p>");
      assertThat(html.get(1203L)).isEqualTo("<p>1203</p>");
    }

    @Test
    @DisplayName("an attachment given without bytes keeps its metadata and reads back without content")
    void attachmentWithoutBytes() {
      Attachment noBytes = new Attachment("big.iso", "application/octet-stream", 123456, "ab".repeat(32), false, null, null);
      storeComplete(message(key(1)).attachment(noBytes));
      assertThat(read(key(1)).attachments()).containsExactly(noBytes);
      assertThat(store.attachmentContent(key(1), 0)).isEmpty();
    }

    @Test
    @DisplayName("the same attachment bytes in many messages are read back from each, and survive deleting some")
    void sharedAttachment() {
      byte[] logo = TestMessages.generated(70_000, 5).readAllBytes();
      for (long uid = 1; uid <= 5; uid++) {
        storeComplete(message(key(uid)).attachment(attachment("logo.png", "image/png", logo)));
      }
      store.deleteMessages(INBOX, 7, List.of(1L, 2L, 3L));
      store.upsertContent(List.of(message(key(4)).content()));
      assertThat(read(key(5)).attachments().get(0).content().readAllBytes()).isEqualTo(logo);
      storeComplete(message(key(6)).attachment(attachment("logo.png", "image/png", logo)));
      assertThat(read(key(6)).attachments().get(0).content().readAllBytes()).isEqualTo(logo);
    }
  }

  // ---- fidelity ----

  @Nested
  @DisplayName("round-trip fidelity")
  class Fidelity {

    @Test
    @DisplayName("Unicode, including 4-byte emoji, survives in subject, names, folder, labels, bodies and file names")
    void unicode() {
      FolderId folder = new FolderId(ACCOUNT, "Entwürfe/Пример/📁");
      Message m = message(key(folder, 3, 1))
          .folder("Entwürfe 😀")
          .subject("Grüße 😀 — 日本語 🎉 𝄞 ✓")
          .from(address("Jörg Müller 🐙", "joerg@example.de"))
          .to(address("山田 太郎", "taro@例え.jp"))
          .flags("\\Seen", "$Label😀")
          .labels("Étiquette 🏷️")
          .messageId("<ünïcödé-😀@example.org>")
          .threadId("thread-😀")
          .rawHeaders("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nX-Emoji: 😀\r\n")
          .text("Hallo 😀 Welt\nзеркало\n𝄞")
          .html("<p>Grüße 🎉 <b>日本</b></p>")
          .attachment(attachment("€ rates 😀.pdf", "application/pdf", "x".getBytes()));
      storeComplete(m);
      assertThat(withoutBytes(read(m.key()))).isEqualTo(expectedComplete(m, null));
      store.storeMarkdown(Map.of(m.key(), "**Grüße** 🎉"));
      assertThat(read(m.key()).markdown()).isEqualTo("**Grüße** 🎉");
      assertThat(store.byMessageId(ACCOUNT, "<ünïcödé-😀@example.org>")).hasSize(1);
      assertThat(store.thread(ACCOUNT, "thread-😀")).hasSize(1);
      assertThat(store.folders(ACCOUNT)).extracting(Folder::name).containsExactly("Entwürfe 😀");
    }

    @Test
    @DisplayName("large bodies (about 5 MB of text and of HTML) come back unchanged")
    void largeBodies() {
      String text = TestMessages.largeText(5 * 1024 * 1024);
      String html = "<html><body><pre>" + TestMessages.largeText(3 * 1024 * 1024) + "</pre></body></html>";
      storeComplete(message(key(1)).text(text).html(html));
      MessageRecord r = read(key(1));
      assertThat(r.text().length()).isEqualTo(text.length());
      assertThat(r.text().equals(text)).as("text body equal").isTrue();
      assertThat(r.html().equals(html)).as("html body equal").isTrue();
      store.storeMarkdown(Map.of(key(1), text));
      assertThat(read(key(1)).markdown().equals(text)).as("markdown equal").isTrue();
    }

    @Test
    @DisplayName("attachment bytes (every byte value, empty, several MB) come back with size and sha256")
    void attachmentBytes() {
      byte[] all = new byte[256 * 4];
      for (int i = 0; i < all.length; i++) all[i] = (byte) i;
      Attachment big = TestMessages.generatedAttachment("big.bin", 3 * 1024 * 1024 + 17, 42);
      Message m = message(key(1))
          .attachment(attachment("all.bin", "application/octet-stream", all))
          .attachment(attachment("empty.txt", "text/plain", new byte[0]))
          .attachment(big);
      storeComplete(m);
      List<Attachment> read = read(key(1)).attachments();
      assertThat(read).extracting(Attachment::withoutContent)
          .containsExactlyElementsOf(m.content().attachments().stream().map(Attachment::withoutContent).toList());
      assertThat(read.get(0).content().readAllBytes()).isEqualTo(all);
      assertThat(read.get(1).content().readAllBytes()).isEmpty();
      assertThat(TestMessages.sha256(read.get(2).content())).isEqualTo(big.sha256());
      assertThat(TestMessages.length(read.get(2).content())).isEqualTo(big.size());
      assertThat(read.get(2).content().size()).isIn(big.size(), -1L);
      assertThat(TestMessages.sha256(read.get(2).content())).as("a stored blob can be read twice").isEqualTo(big.sha256());
    }

    @Test
    @DisplayName("null and empty are kept apart: strings, lists, names and addresses")
    void nullVersusEmpty() {
      Message nulls = message(key(1)).messageId(null).inReplyTo(null).text(null).html(null).rawHeaders(null)
          .from(address(null, "a@x")).to().flags().labels().gmail(null, null)
          .attachment(new Attachment(null, "application/octet-stream", 1, TestMessages.sha256(new byte[1]), false, null,
              Blob.of(new byte[1])));
      Message empties = message(key(2)).messageId("").inReplyTo("").text("").html("").rawHeaders("").subject("")
          .from(address("", "")).to(address("", "b@x")).references(List.of("")).labels("")
          .attachment(new Attachment("", "application/octet-stream", 0, TestMessages.sha256(new byte[0]), true, "",
              Blob.of(new byte[0])));
      storeComplete(nulls, empties);
      assertThat(withoutBytes(read(key(1)))).isEqualTo(expectedComplete(nulls, null));
      assertThat(withoutBytes(read(key(2)))).isEqualTo(expectedComplete(empties, null));
      store.storeMarkdown(Map.of(key(2), ""));
      assertThat(read(key(2)).markdown()).isEmpty();
      assertThat(store.byMessageId(ACCOUNT, "")).extracting(r -> r.key().uid()).containsExactly(2L);
    }

    @Test
    @DisplayName("dates keep second precision, also far in the past or future; a missing Date falls back to nothing stored")
    void dates() {
      Message old = message(key(1)).date(Instant.parse("1901-12-13T20:45:53Z")).internalDate(Instant.parse("1970-01-01T00:00:00Z"));
      Message future = message(key(2)).date(Instant.parse("2999-12-31T23:59:59Z")).internalDate(Instant.parse("2038-01-19T03:14:08Z"));
      Message noDate = message(key(3)).date(null);
      Message nothing = message(key(4)).date(null).internalDate(null);
      storeComplete(old, future, noDate, nothing);
      for (Message m : List.of(old, future, noDate, nothing)) {
        assertThat(read(m.key())).isEqualTo(expectedComplete(m, null));
      }
      assertThat(read(key(3)).metadata().headers().date()).isNull();
      assertThat(read(key(3)).metadata().effectiveDate()).isEqualTo(noDate.metadata().internalDate());
    }

    @Test
    @DisplayName("flags, labels, references and addresses keep the order they were given in")
    void orderKept() {
      Message m = message(key(1))
          .flags("\\Seen", "\\Answered", "zeta", "$Forwarded", "alpha")
          .labels("\\Inbox", "Z", "A")
          .references(List.of("<3@x>", "<1@x>", "<2@x>"))
          .to(address("Z", "z@x"), address("A", "a@x"), address("M", "m@x"))
          .replyTo(address("R2", "r2@x"), address("R1", "r1@x"));
      storeComplete(m);
      assertThat(read(key(1))).isEqualTo(expectedComplete(m, null));
      assertThat(store.knownMessages(INBOX, 7).get(0).flags()).containsExactly("\\Seen", "\\Answered", "zeta", "$Forwarded", "alpha");
    }

    @Test
    @DisplayName("numbers keep their range: UIDs and UIDVALIDITY up to 2^32-1, sizes and Gmail ids up to 2^63-1")
    void numbers() {
      MessageKey k = key(new FolderId(ACCOUNT, "[Gmail]/All Mail"), 4294967295L, 4294967295L);
      Message m = message(k).size(Long.MAX_VALUE).gmail(Long.MAX_VALUE, 1278455344230334865L)
          .attachment(new Attachment("x", "text/plain", 0, TestMessages.sha256(new byte[0]), false, null, Blob.of(new byte[0])));
      storeComplete(m);
      assertThat(withoutBytes(read(k))).isEqualTo(expectedComplete(m, null));
    }
  }

  // ---- what the engine reads ----

  @Nested
  @DisplayName("readBack")
  class ReadBack {

    @Test
    @DisplayName("reads UID, flags and size of every message of one folder and UIDVALIDITY, ascending by UID")
    void readsEveryRow() {
      storeMetadata(message(key(3)).flags("\\Seen").size(300), message(key(1)).flags().size(100),
          message(key(INBOX, 8, 2)), message(key(new FolderId(ACCOUNT, "Sent"), 7, 2)));
      store.upsertContent(List.of(message(key(3)).flags("\\Seen").size(300).content()));
      storeMetadata(message(key(10)).flags("\\Flagged", "\\Seen").size(1000));
      store.updateFlags(INBOX, 7, List.of(new FlagUpdate(1, List.of("\\Answered"), List.of())));
      storeMetadata(message(key(5)));
      store.deleteMessages(INBOX, 7, List.of(5L));

      List<StoredRow> rows = store.readBack(INBOX, 7);

      assertThat(rows).extracting(StoredRow::uid).containsExactly(1L, 3L, 10L);
      assertThat(rows).extracting(StoredRow::flags).containsExactly(List.of("\\Answered"), List.of("\\Seen"),
          List.of("\\Flagged", "\\Seen"));
      assertThat(rows.stream().map(StoredRow::size).toList()).as("sizes, or -1 when the store cannot tell them")
          .isIn(List.of(100L, 300L, 1000L), List.of(-1L, -1L, -1L));
      assertThat(store.readBack(INBOX, 9)).isEmpty();
      assertThat(store.readBack(new FolderId(ACCOUNT, "Nope"), 7)).isEmpty();
    }

    @Test
    @DisplayName("agrees with knownMessages on a folder of many messages")
    void agreesWithKnownMessages() {
      List<MessageMetadata> batch = new ArrayList<>();
      for (long uid = 1; uid <= 500; uid++) {
        batch.add(message(key(uid)).flags(uid % 3 == 0 ? new String[] {"\\Seen"} : new String[0]).size(uid * 10)
            .metadata());
      }
      store.upsertMetadata(batch);

      List<StoredRow> rows = store.readBack(INBOX, 7);

      assertThat(rows).extracting(StoredRow::uid)
          .containsExactlyElementsOf(store.knownMessages(INBOX, 7).stream().map(KnownMessage::uid).toList());
      assertThat(rows).extracting(StoredRow::flags)
          .containsExactlyElementsOf(store.knownMessages(INBOX, 7).stream().map(KnownMessage::flags).toList());
    }
  }

  @Nested
  @DisplayName("knownMessages")
  class Known {

    @Test
    @DisplayName("lists UID, state, flags and labels of one folder and UIDVALIDITY, ascending by UID")
    void lists() {
      storeMetadata(message(key(3)).flags("\\Seen").labels("L"), message(key(1)).flags(), message(key(INBOX, 8, 2)),
          message(key(new FolderId(ACCOUNT, "Sent"), 7, 2)));
      store.upsertContent(List.of(message(key(3)).content()));
      storeMetadata(message(key(10)));
      store.upsertContent(List.of(message(key(10)).error("bad").content()));
      assertThat(store.knownMessages(INBOX, 7)).containsExactly(
          new KnownMessage(1, ContentState.METADATA_ONLY, List.of(), List.of(), false),
          new KnownMessage(3, ContentState.COMPLETE, List.of("\\Seen"), List.of("L"), false),
          new KnownMessage(10, ContentState.ERROR, List.of("\\Seen"), List.of(), false));
      assertThat(store.knownMessages(INBOX, 9)).isEmpty();
      assertThat(store.knownMessages(new FolderId(ACCOUNT, "Nope"), 7)).isEmpty();
    }

    @Test
    @DisplayName("markdownPending is true while a message has HTML and no Markdown")
    void markdownPending() {
      storeComplete(message(key(1)).html("<p>x</p>"), message(key(2)).html(null), message(key(3)).html(""));
      storeMetadata(message(key(4)));
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::markdownPending)
          .containsExactly(true, false, true, false);
      store.storeMarkdown(Map.of(key(1), "x", key(3), ""));
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::markdownPending)
          .containsExactly(false, false, false, false);
      Map<MessageKey, String> clear = new HashMap<>();
      clear.put(key(1), null);
      store.storeMarkdown(clear);
      assertThat(read(key(1)).markdown()).isNull();
      assertThat(store.knownMessages(INBOX, 7).get(0).markdownPending()).isTrue();
    }
  }

  @Nested
  @DisplayName("pendingMessages")
  class Pending {
    private final FolderId sent = new FolderId(ACCOUNT, "Sent");

    /** The engine saves a checkpoint with the folder's UIDVALIDITY once it has stored metadata. */
    private void checkpoint(FolderId... folders) {
      for (FolderId folder : folders) store.saveCheckpoint(folder, new SyncCheckpoint(7, 100, 0, null));
    }

    private List<String> pending() {
      return store.pendingMessages(ACCOUNT).stream()
          .map(p -> p.key().folder().imapFolder() + "/" + p.key().uid() + " " + p.work()).toList();
    }

    @Test
    @DisplayName("lists the messages waiting for content or Markdown, ordered by folder and UID, with their size")
    void lists() {
      storeMetadata(message(key(3)), message(key(1)), message(key(sent, 7, 2)));
      storeComplete(message(key(5)).html("<p>x</p>"), message(key(6)).html(null));
      storeMetadata(message(key(10)));
      store.upsertContent(List.of(message(key(10)).error("bad").content()));
      store.upsertMetadata(List.of(message(key(new FolderId("other@example.org", "INBOX"), 7, 1)).metadata()));
      checkpoint(INBOX, sent, new FolderId("other@example.org", "INBOX"));
      assertThat(pending()).containsExactly("INBOX/1 CONTENT", "INBOX/3 CONTENT", "INBOX/5 MARKDOWN", "Sent/2 CONTENT");
      assertThat(store.pendingMessages(ACCOUNT)).allSatisfy(p ->
          assertThat(p.size()).as("size of %s: the stored one, or 0 when unknown", p.key())
              .isIn(0L, message(p.key()).metadata().size()));
      assertThat(store.pendingMessages("nobody@example.org")).isEmpty();
    }

    @Test
    @DisplayName("content, Markdown and an error end a message's wait; cleared Markdown of an HTML body starts it again")
    void completes() {
      storeMetadata(message(key(1)), message(key(2)), message(key(3)));
      checkpoint(INBOX);
      store.upsertContent(List.of(message(key(1)).html(null).content(), message(key(2)).html("<p>2</p>").content(),
          message(key(3)).error("unparsable").content()));
      assertThat(pending()).containsExactly("INBOX/2 MARKDOWN");
      store.storeMarkdown(Map.of(key(2), "2"));
      assertThat(pending()).isEmpty();
      Map<MessageKey, String> clear = new HashMap<>();
      clear.put(key(2), null);
      store.storeMarkdown(clear);
      assertThat(pending()).containsExactly("INBOX/2 MARKDOWN");
      store.deleteMessages(INBOX, 7, List.of(2L));
      assertThat(pending()).isEmpty();
    }

    @Test
    @DisplayName("a message whose content failed maxAttempts times becomes an error with the last reason, metadata kept")
    void failedAttempts() {
      storeMetadata(message(key(1)), message(key(2)));
      storeComplete(message(key(3)));
      checkpoint(INBOX);
      assertThat(store.recordContentFailures(Map.of(key(1), "first", key(3), "complete already"), 2)).isEmpty();
      assertThat(pending()).containsExactly("INBOX/1 CONTENT", "INBOX/2 CONTENT");
      assertThat(store.recordContentFailures(Map.of(key(1), "second: literal over the limit", key(99), "unknown"), 2))
          .containsExactly(key(1));
      MessageRecord failed = read(key(1));
      assertThat(failed.state()).isEqualTo(ContentState.ERROR);
      assertThat(failed.error()).isEqualTo("second: literal over the limit");
      assertThat(failed.metadata().headers().subject()).isEqualTo(message(key(1)).metadata().headers().subject());
      assertThat(failed.metadata().flags()).isEqualTo(message(key(1)).metadata().flags());
      assertThat(read(key(3)).state()).isEqualTo(ContentState.COMPLETE);
      assertThat(pending()).containsExactly("INBOX/2 CONTENT");
      assertThat(store.recordContentFailures(Map.of(key(1), "again"), 2)).isEmpty();
    }
  }

  @Nested
  @DisplayName("markdown")
  class Markdown {

    @Test
    @DisplayName("storeMarkdown stores several in one call, null clears, unknown keys are ignored")
    void storeAndClear() {
      storeComplete(message(key(1)).html("<p>1</p>"), message(key(2)).html("<p>2</p>"));
      Map<MessageKey, String> batch = new LinkedHashMap<>();
      batch.put(key(1), "one");
      batch.put(key(2), "two");
      batch.put(key(99), "ignored");
      store.storeMarkdown(batch);
      assertThat(read(key(1)).markdown()).isEqualTo("one");
      assertThat(read(key(2)).markdown()).isEqualTo("two");
      assertThat(store.message(key(99))).isEmpty();
      Map<MessageKey, String> clear = new HashMap<>();
      clear.put(key(2), null);
      store.storeMarkdown(clear);
      assertThat(read(key(1)).markdown()).isEqualTo("one");
      assertThat(read(key(2)).markdown()).isNull();
    }
  }

  @Nested
  @DisplayName("new text")
  class NewText {

    @Test
    @DisplayName("storeRendered stores the Markdown and the new text together, several in one call; unknown keys are ignored")
    void roundTrip() {
      storeComplete(message(key(1)).html("<p>1</p>"), message(key(2)).html("<p>2</p>"));
      Map<MessageKey, RenderedBody> batch = new LinkedHashMap<>();
      batch.put(key(1), new RenderedBody("Yes.\n\nOn Mon, Bob wrote:\n\n> Ready?", "Yes."));
      batch.put(key(2), new RenderedBody("**Grüße** 🎉", "**Grüße** 🎉"));
      batch.put(key(99), new RenderedBody("ignored", "ignored"));
      store.storeRendered(batch);
      assertThat(read(key(1)).markdown()).isEqualTo("Yes.\n\nOn Mon, Bob wrote:\n\n> Ready?");
      assertThat(read(key(1)).newText()).isEqualTo("Yes.");
      assertThat(read(key(2)).newText()).isEqualTo("**Grüße** 🎉");
      assertThat(store.message(key(99))).isEmpty();
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::markdownPending).containsExactly(false, false);
    }

    @Test
    @DisplayName("an empty new text stays empty, distinct from null; a large one comes back whole")
    void emptyAndLarge() {
      storeComplete(message(key(1)).html("<p>1</p>"), message(key(2)).html("<p>2</p>"));
      String large = "Zeile ü 👍\n".repeat(60_000);
      store.storeRendered(Map.of(key(1), new RenderedBody("> only a quote", ""), key(2), new RenderedBody(large, large)));
      assertThat(read(key(1)).newText()).isEmpty();
      assertThat(read(key(2)).newText().equals(large)).as("large new text equal").isTrue();
    }

    @Test
    @DisplayName("the new text of a body without HTML is stored with the content and read back; without it, null")
    void withContent() {
      storeComplete(message(key(1)).text("Fine.\n\n> Ready?").newText("Fine."), message(key(2)));
      assertThat(read(key(1)).newText()).isEqualTo("Fine.");
      assertThat(read(key(1)).markdown()).isNull();
      assertThat(read(key(2)).newText()).isNull();
      assertThat(withoutBytes(read(key(1)))).isEqualTo(expectedComplete(message(key(1)).text("Fine.\n\n> Ready?")
          .newText("Fine."), null));
    }

    @Test
    @DisplayName("a null Markdown clears the new text too, and the message waits for its Markdown again")
    void nullClearsBoth() {
      storeComplete(message(key(1)).html("<p>1</p>"));
      store.storeRendered(Map.of(key(1), new RenderedBody("one", "one")));
      Map<MessageKey, RenderedBody> clear = new HashMap<>();
      clear.put(key(1), new RenderedBody(null, "stale"));
      store.storeRendered(clear);
      assertThat(read(key(1)).markdown()).isNull();
      assertThat(read(key(1)).newText()).isNull();
      assertThat(store.knownMessages(INBOX, 7).get(0).markdownPending()).isTrue();
    }

    @Test
    @DisplayName("storeMarkdown alone clears the new text: it was made from the same body")
    void storeMarkdownClearsNewText() {
      storeComplete(message(key(1)).html("<p>1</p>"));
      store.storeRendered(Map.of(key(1), new RenderedBody("one", "one")));
      store.storeMarkdown(Map.of(key(1), "two"));
      assertThat(read(key(1)).markdown()).isEqualTo("two");
      assertThat(read(key(1)).newText()).isNull();
    }

    @Test
    @DisplayName("content upserted again replaces the new text with the new content's")
    void contentReplacesNewText() {
      storeComplete(message(key(1)).html("<p>1</p>"));
      store.storeRendered(Map.of(key(1), new RenderedBody("one", "one")));
      store.upsertContent(List.of(message(key(1)).html("<p>2</p>").content()));
      assertThat(read(key(1)).markdown()).isNull();
      assertThat(read(key(1)).newText()).isNull();
      store.upsertContent(List.of(message(key(1)).text("plain").newText("plain").content()));
      assertThat(read(key(1)).newText()).isEqualTo("plain");
    }

    @Test
    @DisplayName("metadata upserted again keeps the new text; every read returns it")
    void keptByMetadataAndReturnedByEveryRead() {
      storeComplete(message(key(1)).html("<p>1</p>").threadId("t1").messageId("<m1@example.org>"));
      store.storeRendered(Map.of(key(1), new RenderedBody("one", "new one")));
      storeMetadata(message(key(1)).flags("\\Flagged"));
      assertThat(read(key(1)).newText()).isEqualTo("new one");
      assertThat(store.newestFirst(INBOX, 0, 10)).extracting(MessageRecord::newText).containsExactly("new one");
      assertThat(store.thread(ACCOUNT, "t1")).extracting(MessageRecord::newText).containsExactly("new one");
      assertThat(store.byMessageId(ACCOUNT, "<m1@example.org>")).extracting(MessageRecord::newText)
          .containsExactly("new one");
      List<MessageRecord> all = new ArrayList<>();
      store.forEachMessage(ACCOUNT, all::add);
      assertThat(all).extracting(MessageRecord::newText).containsExactly("new one");
    }
  }

  @Nested
  @DisplayName("updateFlags")
  class Flags {

    @Test
    @DisplayName("replaces flags and labels of the given UIDs, ignores unknown UIDs and leaves other UIDVALIDITYs alone")
    void replaces() {
      storeComplete(message(key(1)).flags("\\Seen"), message(key(2)).flags("\\Seen").labels("A"),
          message(key(INBOX, 6, 1)).flags("\\Seen"));
      store.updateFlags(INBOX, 7, List.of(
          new FlagUpdate(1, List.of("\\Answered", "\\Seen"), List.of("X")),
          new FlagUpdate(2, List.of(), List.of()),
          new FlagUpdate(77, List.of("\\Deleted"), List.of())));
      assertThat(store.knownMessages(INBOX, 7)).containsExactly(
          new KnownMessage(1, ContentState.COMPLETE, List.of("\\Answered", "\\Seen"), List.of("X"), false),
          new KnownMessage(2, ContentState.COMPLETE, List.of(), List.of(), false));
      assertThat(read(key(1)).metadata().flags()).containsExactly("\\Answered", "\\Seen");
      assertThat(read(key(1)).text()).isEqualTo(message(key(1)).content().text());
      assertThat(read(key(INBOX, 6, 1)).metadata().flags()).containsExactly("\\Seen");
      assertThat(store.message(key(77))).isEmpty();
    }
  }

  @Nested
  @DisplayName("deletes")
  class Deletes {

    @Test
    @DisplayName("deleteMessages removes the given UIDs with their attachments and counts them; unknown and repeated UIDs are ignored")
    void deleteMessages() {
      storeComplete(message(key(1)).attachment(attachment("a", "text/plain", "a".getBytes())), message(key(2)),
          message(key(3)), message(key(INBOX, 6, 1)));
      long removed = store.deleteMessages(INBOX, 7, List.of(1L, 3L, 3L, 99L));
      assertThat(removed).isEqualTo(2);
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::uid).containsExactly(2L);
      assertThat(store.message(key(1))).isEmpty();
      assertThat(store.attachmentContent(key(1), 0)).isEmpty();
      assertThat(store.message(key(INBOX, 6, 1))).isPresent();
      assertThat(store.deleteMessages(new FolderId(ACCOUNT, "Nope"), 7, List.of(2L))).isZero();
    }

    @Test
    @DisplayName("purgeOtherUidValidity removes the old UIDVALIDITY's rows after a change and keeps the new ones")
    void uidValidityChange() {
      FolderId sent = new FolderId(ACCOUNT, "Sent");
      storeComplete(message(key(INBOX, 5, 1)).attachment(attachment("a", "text/plain", "x".getBytes())),
          message(key(INBOX, 5, 2)), message(key(INBOX, 6, 1)), message(key(INBOX, 7, 1)), message(key(sent, 5, 1)));
      long removed = store.purgeOtherUidValidity(INBOX, 7);
      assertThat(removed).isEqualTo(3);
      assertThat(store.knownMessages(INBOX, 5)).isEmpty();
      assertThat(store.knownMessages(INBOX, 6)).isEmpty();
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::uid).containsExactly(1L);
      assertThat(store.newestFirst(INBOX, 0, 10)).extracting(MessageRecord::key).containsExactly(key(INBOX, 7, 1));
      assertThat(store.knownMessages(sent, 5)).hasSize(1);
      assertThat(store.purgeOtherUidValidity(INBOX, 7)).isZero();
      assertThat(store.folder(INBOX)).isPresent();
    }
  }

  // ---- reads for the host ----

  @Nested
  @DisplayName("reads for the host")
  class Reads {

    @Test
    @DisplayName("newestFirst pages a folder by Date descending, INTERNALDATE when Date is missing, then UID descending")
    void newestFirst() {
      Instant t = BASE_DATE;
      storeComplete(
          message(key(1)).date(t.plusSeconds(100)),
          message(key(2)).date(null).internalDate(t.plusSeconds(300)),
          message(key(3)).date(t.plusSeconds(200)).internalDate(t.plusSeconds(10_000)),
          message(key(4)).date(t.plusSeconds(200)),
          message(key(5)).date(null).internalDate(null),
          message(key(6)).date(t.minusSeconds(100)),
          message(key(new FolderId(ACCOUNT, "Other"), 7, 9)).date(t.plusSeconds(999_999)));
      assertThat(uids(store.newestFirst(INBOX, 0, 100))).containsExactly(2L, 4L, 3L, 1L, 6L, 5L);
      assertThat(uids(store.newestFirst(INBOX, 0, 2))).containsExactly(2L, 4L);
      assertThat(uids(store.newestFirst(INBOX, 2, 2))).containsExactly(3L, 1L);
      assertThat(uids(store.newestFirst(INBOX, 5, 2))).containsExactly(5L);
      assertThat(store.newestFirst(INBOX, 6, 2)).isEmpty();
      assertThat(store.newestFirst(INBOX, 0, 0)).isEmpty();
      assertThat(store.newestFirst(new FolderId(ACCOUNT, "Nope"), 0, 10)).isEmpty();
    }

    @Test
    @DisplayName("headers of the content that differ from the metadata's move the message: by date, Message-ID and thread")
    void contentHeadersMoveTheMessage() {
      Instant t = BASE_DATE;
      storeMetadata(message(key(1)).date(t.plusSeconds(100)).messageId("<env-1@x>").threadId("t-env"),
          message(key(2)).date(t.plusSeconds(200)).messageId("<env-2@x>").threadId("t-env"));
      assertThat(uids(store.newestFirst(INBOX, 0, 10))).containsExactly(2L, 1L);
      store.upsertContent(List.of(message(key(1)).date(t.plusSeconds(300)).messageId("<full-1@x>").threadId("t-full")
          .content(), message(key(2)).date(t.plusSeconds(200)).messageId("<env-2@x>").threadId("t-env").content()));
      assertThat(uids(store.newestFirst(INBOX, 0, 10))).containsExactly(1L, 2L);
      assertThat(uids(store.byMessageId(ACCOUNT, "<full-1@x>"))).containsExactly(1L);
      assertThat(store.byMessageId(ACCOUNT, "<env-1@x>")).isEmpty();
      assertThat(uids(store.thread(ACCOUNT, "t-full"))).containsExactly(1L);
      assertThat(uids(store.thread(ACCOUNT, "t-env"))).containsExactly(2L);
      assertThat(read(key(1)).metadata().headers().date()).isEqualTo(t.plusSeconds(300));
    }

    @Test
    @DisplayName("newestFirst returns whole records, attachments included")
    void newestFirstRecords() {
      Message m = message(key(1)).html("<p/>").attachment(attachment("a", "text/plain", "abc".getBytes()));
      storeComplete(m);
      store.storeMarkdown(Map.of(key(1), "md"));
      List<MessageRecord> page = store.newestFirst(INBOX, 0, 10);
      assertThat(page).hasSize(1);
      assertThat(withoutBytes(page.get(0))).isEqualTo(expectedComplete(m, "md"));
      assertThat(page.get(0).attachments().get(0).content().readAllBytes()).isEqualTo("abc".getBytes());
    }

    @Test
    @DisplayName("newestFirst rejects a negative offset or limit")
    void badPage() {
      assertThatThrownBy(() -> store.newestFirst(INBOX, -1, 10)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offset");
      assertThatThrownBy(() -> store.newestFirst(INBOX, 0, -1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    }

    @Test
    @DisplayName("byMessageId finds every record of an account with that Message-ID, in key order")
    void byMessageId() {
      String shared = "<same@example.org>";
      FolderId sent = new FolderId(ACCOUNT, "Sent");
      FolderId archive = new FolderId(ACCOUNT, "Archive");
      storeComplete(message(key(sent, 7, 4)).messageId(shared), message(key(2)).messageId(shared),
          message(key(archive, 7, 9)).messageId(shared), message(key(3)).messageId("<other@example.org>"),
          message(key(new FolderId("b@example.org", "INBOX"), 7, 1)).messageId(shared));
      storeMetadata(message(key(1)).messageId(shared));
      assertThat(store.byMessageId(ACCOUNT, shared)).extracting(MessageRecord::key)
          .containsExactly(key(archive, 7, 9), key(1), key(2), key(sent, 7, 4));
      assertThat(store.byMessageId(ACCOUNT, "<SAME@example.org>")).isEmpty();
      assertThat(store.byMessageId(ACCOUNT, "<none@example.org>")).isEmpty();
    }

    @Test
    @DisplayName("thread lists an account's messages of one thread, oldest first")
    void thread() {
      FolderId sent = new FolderId(ACCOUNT, "Sent");
      storeComplete(
          message(key(5)).threadId("T").date(BASE_DATE.plusSeconds(30)),
          message(key(sent, 7, 1)).threadId("T").date(BASE_DATE.plusSeconds(20)),
          message(key(2)).threadId("T").date(BASE_DATE.plusSeconds(10)),
          message(key(3)).threadId("U"),
          message(key(new FolderId("b@example.org", "INBOX"), 7, 1)).threadId("T"));
      assertThat(store.thread(ACCOUNT, "T")).extracting(MessageRecord::key)
          .containsExactly(key(2), key(sent, 7, 1), key(5));
      assertThat(store.thread(ACCOUNT, "none")).isEmpty();
    }

    @Test
    @DisplayName("countMessages counts one account's messages in all folders")
    void count() {
      storeMetadata(message(key(1)), message(key(2)), message(key(new FolderId(ACCOUNT, "Sent"), 1, 1)),
          message(key(new FolderId("b@example.org", "INBOX"), 7, 1)));
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(3);
      assertThat(store.countMessages("b@example.org")).isEqualTo(1);
      assertThat(store.countMessages("nobody")).isZero();
    }

    @Test
    @DisplayName("forEachMessage visits every message ordered by account, server folder and UID")
    void forEach() {
      List<MessageKey> keys = List.of(
          key(new FolderId("a@x", "INBOX"), 7, 10),
          key(new FolderId("a@x", "INBOX"), 7, 2),
          key(new FolderId("a@x", "Archive"), 7, 5),
          key(new FolderId("a@x", "archive"), 7, 1),
          key(new FolderId("B@x", "INBOX"), 7, 3),
          key(new FolderId("b@x", "INBOX"), 7, 1));
      storeMetadata(keys.stream().map(TestMessages::message).toArray(Message[]::new));
      List<MessageKey> all = new ArrayList<>();
      store.forEachMessage(null, r -> all.add(r.key()));
      assertThat(all).containsExactly(
          key(new FolderId("B@x", "INBOX"), 7, 3),
          key(new FolderId("a@x", "Archive"), 7, 5),
          key(new FolderId("a@x", "INBOX"), 7, 2),
          key(new FolderId("a@x", "INBOX"), 7, 10),
          key(new FolderId("a@x", "archive"), 7, 1),
          key(new FolderId("b@x", "INBOX"), 7, 1));
      List<MessageKey> one = new ArrayList<>();
      store.forEachMessage("a@x", r -> one.add(r.key()));
      assertThat(one).hasSize(4).allMatch(k -> k.folder().accountId().equals("a@x"));
    }

    @Test
    @DisplayName("forEachMessage orders a folder holding two UIDVALIDITYs by UID, then UIDVALIDITY")
    void forEachMixedUidValidity() {
      storeMetadata(message(key(INBOX, 6, 3)), message(key(INBOX, 5, 1)), message(key(INBOX, 6, 2)),
          message(key(INBOX, 5, 2)), message(key(INBOX, 5, 3)));
      List<MessageKey> seen = new ArrayList<>();
      store.forEachMessage(ACCOUNT, r -> seen.add(r.key()));
      assertThat(seen).containsExactly(key(INBOX, 5, 1), key(INBOX, 5, 2), key(INBOX, 6, 2), key(INBOX, 5, 3),
          key(INBOX, 6, 3));
    }

    @Test
    @DisplayName("forEachMessage hands over whole records and lets the consumer read the store")
    void forEachRecords() {
      Message m = message(key(1)).html("<p/>").attachment(attachment("a", "text/plain", "abc".getBytes()));
      storeComplete(m, message(key(2)));
      List<MessageRecord> seen = new ArrayList<>();
      store.forEachMessage(ACCOUNT, r -> {
        seen.add(r);
        assertThat(store.message(r.key())).isPresent();
      });
      assertThat(seen).hasSize(2);
      assertThat(withoutBytes(seen.get(0))).isEqualTo(expectedComplete(m, null));
      assertThat(seen.get(0).attachments().get(0).content().readAllBytes()).isEqualTo("abc".getBytes());
    }

    @Test
    @DisplayName("forEachMessage visits many messages in many folders once each (more than one page)")
    void forEachMany() {
      List<Message> messages = new ArrayList<>();
      for (String name : List.of("A", "B", "C")) {
        for (long uid = 1; uid <= 700; uid++) {
          messages.add(message(key(new FolderId(ACCOUNT, name), 1, uid)));
        }
      }
      store.upsertMetadata(messages.stream().map(Message::metadata).toList());
      List<MessageKey> seen = new ArrayList<>();
      store.forEachMessage(ACCOUNT, r -> seen.add(r.key()));
      assertThat(seen).containsExactlyElementsOf(messages.stream().map(Message::key).toList());
    }
  }

  // ---- contacts ----

  @Nested
  @DisplayName("contacts")
  class Contacts {

    @Test
    @DisplayName("contacts are lower-cased addresses of From, To, Cc, Bcc and Reply-To with distinct message counts and dates")
    void derived() {
      Instant d1 = BASE_DATE;
      Instant d2 = BASE_DATE.plusSeconds(86_400);
      Instant d3 = BASE_DATE.plusSeconds(2 * 86_400);
      storeComplete(
          message(key(1)).date(d2).from(address("Bob", "Bob@Example.org")).to(address(null, "alice@example.org"))
              .cc(address("Bob B.", "bob@example.org")),
          message(key(2)).date(d1).from(address("Carol", "carol@example.org")).to(address("Bobby", "BOB@example.org"))
              .bcc(address(null, "dave@example.org")).replyTo(address("Eve", "eve@example.org")),
          message(key(3)).date(d3).from(address(null, "bob@example.org")).to(address("Group", "")));
      List<Contact> contacts = store.contacts(ACCOUNT);
      assertThat(contacts).extracting(Contact::address).containsExactly(
          "alice@example.org", "bob@example.org", "carol@example.org", "dave@example.org", "eve@example.org");
      Contact bob = contacts.get(1);
      assertThat(bob).isEqualTo(new Contact(ACCOUNT, "bob@example.org", "Bob", d1, d3, 3));
      assertThat(contacts.get(0)).isEqualTo(new Contact(ACCOUNT, "alice@example.org", null, d2, d2, 1));
      assertThat(contacts.get(4)).isEqualTo(new Contact(ACCOUNT, "eve@example.org", "Eve", d1, d1, 1));
    }

    @Test
    @DisplayName("writing the same messages again does not count them twice; deleting one lowers the count")
    void idempotent() {
      Message m1 = message(key(1)).from(address("Bob", "bob@example.org"));
      Message m2 = message(key(2)).from(address("Bob", "bob@example.org"));
      storeComplete(m1, m2);
      storeComplete(m1, m2);
      storeMetadata(m1);
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("bob@example.org"))
          .extracting(Contact::messageCount).containsExactly(2L);
      store.deleteMessages(INBOX, 7, List.of(1L));
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("bob@example.org"))
          .extracting(Contact::messageCount).containsExactly(1L);
    }

    @Test
    @DisplayName("the contact's name is the last non-blank display name by message date; headers from content count")
    void lastName() {
      storeMetadata(message(key(1)).date(BASE_DATE).from(address("Old Name", "x@example.org")),
          message(key(2)).date(BASE_DATE.plusSeconds(10)).from(address(null, "x@example.org")));
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("x@example.org"))
          .extracting(Contact::name).containsExactly("Old Name");
      store.upsertContent(List.of(message(key(1)).date(BASE_DATE).from(address("New Name", "x@example.org")).content()));
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("x@example.org"))
          .extracting(Contact::name).containsExactly("New Name");
      storeMetadata(message(key(3)).date(BASE_DATE.plusSeconds(20)).from(address("Newest", "X@EXAMPLE.ORG")));
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("x@example.org"))
          .extracting(Contact::name, Contact::messageCount).containsExactly(tuple("Newest", 3L));
    }

    @Test
    @DisplayName("contacts are kept per account")
    void perAccount() {
      storeMetadata(message(key(1)).from(address("Bob", "bob@example.org")),
          message(key(new FolderId("b@example.org", "INBOX"), 1, 1)).from(address("Robert", "bob@example.org")));
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("bob@example.org"))
          .extracting(Contact::name, Contact::messageCount, Contact::accountId)
          .containsExactly(tuple("Bob", 1L, ACCOUNT));
      assertThat(store.contacts("nobody")).isEmpty();
    }
  }

  // ---- atomicity ----

  @Nested
  @DisplayName("batches land whole or not at all")
  class Atomicity {

    @Test
    @DisplayName("content for an unknown key fails the batch with MailStoreException naming it, and nothing of the batch is stored")
    void unknownKey() {
      storeMetadata(message(key(1)));
      List<MessageContent> batch = List.of(
          message(key(1)).html("<p/>").attachment(attachment("a", "text/plain", "a".getBytes())).content(),
          message(key(2)).content());
      assertThatThrownBy(() -> store.upsertContent(batch))
          .isInstanceOf(MailStoreException.class)
          .hasMessageContaining("UID=2");
      assertThat(read(key(1))).isEqualTo(expectedMetadataOnly(message(key(1))));
      assertThat(store.message(key(2))).isEmpty();
    }

    @Test
    @DisplayName("an attachment whose stream fails midway fails the batch and leaves the previous content")
    void failingStream() {
      Message before = message(key(2)).text("before").attachment(attachment("keep", "text/plain", "keep".getBytes()));
      storeComplete(message(key(1)), before);
      Attachment broken = new Attachment("broken.bin", "application/octet-stream", 3_000_000, "00".repeat(32), false, null,
          failingBlob(3_000_000, 1_500_000));
      List<MessageContent> batch = List.of(
          message(key(1)).text("new text").content(),
          message(key(2)).text("after").attachment(broken).content());
      assertThatThrownBy(() -> store.upsertContent(batch)).isInstanceOf(MailStoreException.class)
          .hasMessageContaining("UID=2");
      assertThat(read(key(1))).isEqualTo(expectedComplete(message(key(1)), null));
      assertThat(withoutBytes(read(key(2)))).isEqualTo(expectedComplete(before, null));
      assertThat(read(key(2)).attachments().get(0).content().readAllBytes()).isEqualTo("keep".getBytes());
    }

    @Test
    @DisplayName("attachment bytes that do not match the sha256 or size given fail the batch")
    void wrongDigest() {
      storeMetadata(message(key(1)), message(key(2)));
      Attachment lying = new Attachment("l", "text/plain", 3, TestMessages.sha256("abc".getBytes()), false, null,
          Blob.of("xyz".getBytes()));
      assertThatThrownBy(() -> store.upsertContent(List.of(message(key(1)).content(),
          message(key(2)).attachment(lying).content()))).isInstanceOf(MailStoreException.class);
      Attachment shortOne = new Attachment("s", "text/plain", 10, TestMessages.sha256("abc".getBytes()), false, null,
          Blob.of("abc".getBytes()));
      assertThatThrownBy(() -> store.upsertContent(List.of(message(key(1)).attachment(shortOne).content())))
          .isInstanceOf(MailStoreException.class);
      assertThat(store.knownMessages(INBOX, 7)).extracting(KnownMessage::state)
          .containsOnly(ContentState.METADATA_ONLY);
      assertThat(read(key(1)).attachments()).isEmpty();
    }

    @Test
    @DisplayName("bytes whose blob knows their sha256 are stored as they are; their size is still checked")
    void knownDigest() {
      storeMetadata(message(key(1)), message(key(2)));
      byte[] bytes = "known bytes".getBytes();
      String sha = TestMessages.sha256(bytes);
      Attachment known = new Attachment("k", "text/plain", bytes.length, sha, false, null, knownBlob(bytes, sha));
      store.upsertContent(List.of(message(key(1)).attachment(known).content()));
      assertThat(read(key(1)).attachments().get(0).content().readAllBytes()).isEqualTo(bytes);
      byte[] other = "other known bytes".getBytes();
      String otherSha = TestMessages.sha256(other);
      Attachment wrongSize = new Attachment("w", "text/plain", other.length + 1, otherSha, false, null,
          knownBlob(other, otherSha));
      assertThatThrownBy(() -> store.upsertContent(List.of(message(key(2)).attachment(wrongSize).content())))
          .isInstanceOf(MailStoreException.class);
      assertThat(read(key(2)).state()).isEqualTo(ContentState.METADATA_ONLY);
    }

    private Blob knownBlob(byte[] bytes, String sha256) {
      Blob plain = Blob.of(bytes);
      return new Blob() {
        @Override
        public long size() {
          return plain.size();
        }

        @Override
        public java.io.InputStream openStream() throws java.io.IOException {
          return plain.openStream();
        }

        @Override
        public java.util.Optional<String> knownSha256() {
          return java.util.Optional.of(sha256);
        }
      };
    }
  }

  // ---- concurrency ----

  @Nested
  @DisplayName("concurrency")
  class Concurrency {

    @Test
    @DisplayName("writers on different folders and accounts at once lose nothing")
    void parallelWriters() throws Exception {
      int writers = 6;
      int batches = 6;
      int perBatch = 10;
      byte[] logo = TestMessages.generated(20_000, 1).readAllBytes();
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          FolderId folderId = new FolderId(w % 2 == 0 ? ACCOUNT : "b@example.org", "Folder-" + w);
          int writer = w;
          tasks.add(() -> {
            store.upsertFolder(folder(folderId, folderId.imapFolder()));
            for (int b = 0; b < batches; b++) {
              List<Message> batch = new ArrayList<>();
              for (int i = 1; i <= perBatch; i++) {
                long uid = (long) b * perBatch + i;
                batch.add(message(key(folderId, 1, uid)).from(address("Bob", "bob@example.org"))
                    .to(address("Writer " + writer, "writer" + writer + "@example.org"))
                    .html("<p>" + uid + "</p>")
                    .attachment(attachment("logo.png", "image/png", logo))
                    .attachment(attachment("own.txt", "text/plain", (folderId + "/" + uid).getBytes())));
              }
              store.upsertMetadata(batch.stream().map(Message::metadata).toList());
              store.upsertContent(batch.stream().map(Message::content).toList());
              store.updateFlags(folderId, 1, batch.stream()
                  .map(m -> new FlagUpdate(m.key().uid(), List.of("\\Flagged", "\\Seen"), List.of())).toList());
              store.storeMarkdown(Map.of(batch.get(0).key(), "md"));
              store.saveCheckpoint(folderId, new SyncCheckpoint(1, (long) (b + 1) * perBatch + 1, 0, null));
            }
            return null;
          });
        }
        List<Future<Void>> futures = pool.invokeAll(tasks, 5, TimeUnit.MINUTES);
        for (Future<Void> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long perWriter = (long) batches * perBatch;
      for (int w = 0; w < writers; w++) {
        FolderId folderId = new FolderId(w % 2 == 0 ? ACCOUNT : "b@example.org", "Folder-" + w);
        List<KnownMessage> known = store.knownMessages(folderId, 1);
        assertThat(known).extracting(KnownMessage::uid)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, perWriter).boxed().toList());
        assertThat(known).allSatisfy(k -> {
          assertThat(k.state()).isEqualTo(ContentState.COMPLETE);
          assertThat(k.flags()).containsExactly("\\Flagged", "\\Seen");
        });
        assertThat(known).filteredOn(KnownMessage::markdownPending).hasSize((int) (perWriter - batches));
        assertThat(store.folder(folderId).orElseThrow().checkpoint().uidNext()).isEqualTo(perWriter + 1);
        MessageRecord last = read(key(folderId, 1, perWriter));
        assertThat(last.attachments().get(0).content().readAllBytes()).isEqualTo(logo);
        assertThat(last.attachments().get(1).content().readAllBytes()).isEqualTo((folderId + "/" + perWriter).getBytes());
      }
      long perAccount = perWriter * (writers / 2);
      assertThat(store.countMessages(ACCOUNT)).isEqualTo(perAccount);
      assertThat(store.countMessages("b@example.org")).isEqualTo(perAccount);
      assertThat(store.contacts(ACCOUNT)).filteredOn(c -> c.address().equals("bob@example.org"))
          .extracting(Contact::messageCount).containsExactly(perAccount);
    }
  }

  // ---- lifecycle and arguments ----

  @Nested
  @DisplayName("a closed store")
  class Closed {

    @Test
    @DisplayName("throws MailStoreException from every operation, and closing twice is harmless")
    void throwsAfterClose() {
      storeComplete(message(key(1)));
      store.close();
      assertThatCode(store::close).doesNotThrowAnyException();
      Map<String, ThrowingCallable> calls = calls(store);
      calls.forEach((name, call) -> assertThatThrownBy(call).as(name).isInstanceOf(MailStoreException.class));
    }
  }

  @Nested
  @DisplayName("null arguments")
  class Nulls {

    @Test
    @DisplayName("throw NullPointerException naming the parameter")
    void npe() {
      FolderId f = INBOX;
      Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
      calls.put("accountId", () -> store.folders(null));
      calls.put("folderId", () -> store.folder(null));
      calls.put("folder", () -> store.upsertFolder(null));
      calls.put("folderId ", () -> store.saveCheckpoint(null, SyncCheckpoint.NONE));
      calls.put("checkpoint", () -> store.saveCheckpoint(f, null));
      calls.put("folderId  ", () -> store.deleteFolder(null));
      calls.put("folderId   ", () -> store.purgeOtherUidValidity(null, 1));
      calls.put("folderId    ", () -> store.knownMessages(null, 1));
      calls.put("folderId        ", () -> store.readBack(null, 1));
      calls.put("batch", () -> store.upsertMetadata(null));
      calls.put("batch ", () -> store.upsertContent(null));
      calls.put("markdownByKey", () -> store.storeMarkdown(null));
      calls.put("renderedByKey", () -> store.storeRendered(null));
      calls.put("folderId     ", () -> store.updateFlags(null, 1, List.of()));
      calls.put("updates", () -> store.updateFlags(f, 1, null));
      calls.put("folderId      ", () -> store.deleteMessages(null, 1, List.of()));
      calls.put("uids", () -> store.deleteMessages(f, 1, null));
      calls.put("key", () -> store.message(null));
      calls.put("folderId       ", () -> store.newestFirst(null, 0, 1));
      calls.put("accountId ", () -> store.byMessageId(null, "<x>"));
      calls.put("messageId", () -> store.byMessageId(ACCOUNT, null));
      calls.put("accountId  ", () -> store.thread(null, "t"));
      calls.put("threadId", () -> store.thread(ACCOUNT, null));
      calls.put("accountId   ", () -> store.countMessages(null));
      calls.put("consumer", () -> store.forEachMessage(ACCOUNT, null));
      calls.put("accountId    ", () -> store.contacts(null));
      calls.forEach((param, call) -> assertThatThrownBy(call).as(param.trim())
          .isInstanceOf(NullPointerException.class).hasMessageContaining(param.trim()));
    }

    @Test
    @DisplayName("a null element of a batch throws NullPointerException and stores nothing")
    void nullElements() {
      assertThatThrownBy(() -> store.upsertMetadata(Arrays.asList(metadata(key(1)), null)))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("batch");
      assertThat(store.countMessages(ACCOUNT)).isZero();
      assertThatThrownBy(() -> store.deleteMessages(INBOX, 7, Arrays.asList(1L, null)))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("uids");
    }

    @Test
    @DisplayName("forEachMessage with a null account visits all accounts")
    void nullAccountIsAll() {
      storeMetadata(message(key(1)), message(key(new FolderId("b@x", "INBOX"), 1, 1)));
      List<MessageKey> seen = new ArrayList<>();
      store.forEachMessage(null, r -> seen.add(r.key()));
      assertThat(seen).hasSize(2);
    }
  }

  /** One call of every operation, with valid arguments. */
  private static Map<String, ThrowingCallable> calls(MailStore s) {
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("folders", () -> s.folders(ACCOUNT));
    calls.put("folder", () -> s.folder(INBOX));
    calls.put("upsertFolder", () -> s.upsertFolder(folder(INBOX, "Inbox")));
    calls.put("saveCheckpoint", () -> s.saveCheckpoint(INBOX, SyncCheckpoint.NONE));
    calls.put("deleteFolder", () -> s.deleteFolder(INBOX));
    calls.put("purgeOtherUidValidity", () -> s.purgeOtherUidValidity(INBOX, 1));
    calls.put("knownMessages", () -> s.knownMessages(INBOX, 7));
    calls.put("readBack", () -> s.readBack(INBOX, 7));
    calls.put("upsertMetadata", () -> s.upsertMetadata(List.of(metadata(key(2)))));
    calls.put("upsertContent", () -> s.upsertContent(List.of(message(key(1)).content())));
    calls.put("storeMarkdown", () -> s.storeMarkdown(Map.of(key(1), "x")));
    calls.put("storeRendered", () -> s.storeRendered(Map.of(key(1), new RenderedBody("x", "x"))));
    calls.put("updateFlags", () -> s.updateFlags(INBOX, 7, List.of(new FlagUpdate(1, List.of(), List.of()))));
    calls.put("deleteMessages", () -> s.deleteMessages(INBOX, 7, List.of(1L)));
    calls.put("message", () -> s.message(key(1)));
    calls.put("html", () -> s.html(key(1)));
    calls.put("attachmentContent", () -> s.attachmentContent(key(1), 0));
    calls.put("newestFirst", () -> s.newestFirst(INBOX, 0, 10));
    calls.put("byMessageId", () -> s.byMessageId(ACCOUNT, "<x>"));
    calls.put("thread", () -> s.thread(ACCOUNT, "t"));
    calls.put("countMessages", () -> s.countMessages(ACCOUNT));
    calls.put("forEachMessage", () -> s.forEachMessage(null, r -> {}));
    calls.put("contacts", () -> s.contacts(ACCOUNT));
    return calls;
  }
}
