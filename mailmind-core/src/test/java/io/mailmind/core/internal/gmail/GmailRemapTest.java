package io.mailmind.core.internal.gmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.testkit.InMemoryMailStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GmailRemapTest {
  private static final FolderId ALL_MAIL = new FolderId("a", "[Gmail]/All Mail");
  private static final FolderId TRASH = new FolderId("a", "[Gmail]/Trash");
  private static final long OLD = 7;
  private static final long NEW = 9;

  private final InMemoryMailStore store = new InMemoryMailStore();

  @BeforeEach
  void folders() {
    store.upsertFolder(new Folder(ALL_MAIL, "All Mail", List.of("\\All"), SyncCheckpoint.NONE));
    store.upsertFolder(new Folder(TRASH, "Trash", List.of("\\Trash"), SyncCheckpoint.NONE));
  }

  private static MessageMetadata metadata(FolderId folder, long uid, Long msgId) {
    MessageHeaders headers = new MessageHeaders("<m" + uid + "@example.org>", null, List.of(),
        List.of(new EmailAddress("Jörg", "joerg@example.de")), List.of(), List.of(), List.of(), List.of(),
        "Subject " + uid, Instant.parse("2024-03-01T09:00:00Z").plusSeconds(uid));
    return new MessageMetadata(new MessageKey(folder, OLD, uid), "Work", headers, "abc", Instant.EPOCH,
        List.of("\\Seen"), List.of("\\Important", "Work"), 1000 + uid, msgId, 0xabcL);
  }

  private static Attachment attachment(byte[] bytes) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return new Attachment("rates.pdf", "application/pdf", bytes.length, sha, false, null, Blob.of(bytes));
  }

  @Test
  @DisplayName("rows move to their new UIDs with metadata, content, attachments, state and Markdown; others go")
  void remapsEverythingTheStoreReturns() throws Exception {
    byte[] pdf = "%PDF-1.4 rates".getBytes(StandardCharsets.US_ASCII);
    MessageMetadata complete = metadata(ALL_MAIL, 1, 101L);
    MessageMetadata failed = metadata(ALL_MAIL, 2, 102L);
    MessageMetadata metadataOnly = metadata(ALL_MAIL, 3, 103L);
    MessageMetadata gone = metadata(ALL_MAIL, 4, 104L);
    MessageMetadata withoutMsgId = metadata(ALL_MAIL, 5, null);
    MessageMetadata otherFolder = metadata(TRASH, 1, 101L);
    store.upsertMetadata(List.of(complete, failed, metadataOnly, gone, withoutMsgId, otherFolder));
    store.upsertContent(List.of(
        new MessageContent(complete.key(), complete.headers(), "abc", "Subject: x", "text", "<p>html</p>",
            List.of(attachment(pdf)), ContentState.COMPLETE, null),
        new MessageContent(failed.key(), failed.headers(), "abc", null, null, null, List.of(), ContentState.ERROR,
            "cannot parse")));
    store.storeMarkdown(Map.of(complete.key(), "html"));

    long dropped = GmailRemap.remap(store, ALL_MAIL, OLD, NEW, Map.of(101L, 51L, 102L, 52L, 103L, 53L, 999L, 54L), 2);

    assertThat(dropped).isEqualTo(2);
    assertThat(store.knownMessages(ALL_MAIL, OLD)).isEmpty();
    assertThat(store.knownMessages(ALL_MAIL, NEW)).extracting(k -> k.uid() + " " + k.state())
        .containsExactly("51 COMPLETE", "52 ERROR", "53 METADATA_ONLY");
    MessageRecord moved = store.message(new MessageKey(ALL_MAIL, NEW, 51)).orElseThrow();
    assertThat(moved.metadata()).isEqualTo(new MessageMetadata(moved.key(), complete.folder(), complete.headers(),
        complete.threadId(), complete.internalDate(), complete.flags(), complete.labels(), complete.size(),
        complete.gmMsgId(), complete.gmThrId()));
    assertThat(moved.text()).isEqualTo("text");
    assertThat(moved.html()).isEqualTo("<p>html</p>");
    assertThat(moved.markdown()).isEqualTo("html");
    assertThat(moved.attachments()).hasSize(1);
    assertThat(moved.attachments().get(0).withoutContent()).isEqualTo(attachment(pdf).withoutContent());
    assertThat(moved.attachments().get(0).content().readAllBytes()).isEqualTo(pdf);
    MessageRecord error = store.message(new MessageKey(ALL_MAIL, NEW, 52)).orElseThrow();
    assertThat(error.state()).isEqualTo(ContentState.ERROR);
    assertThat(error.error()).isEqualTo("cannot parse");
    assertThat(store.message(new MessageKey(TRASH, OLD, 1))).as("other folders are untouched").isPresent();
  }

  @Test
  @DisplayName("an empty folder on the server removes every stored row")
  void emptyFolder() {
    store.upsertMetadata(List.of(metadata(ALL_MAIL, 1, 101L), metadata(ALL_MAIL, 2, 102L)));

    assertThat(GmailRemap.remap(store, ALL_MAIL, OLD, NEW, Map.of(), 50)).isEqualTo(2);
    assertThat(store.countMessages("a")).isZero();
  }
}
