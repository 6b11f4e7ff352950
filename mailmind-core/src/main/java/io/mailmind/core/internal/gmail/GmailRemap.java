package io.mailmind.core.internal.gmail;

import io.mailmind.core.internal.imap.ImapConnection;
import io.mailmind.core.internal.imap.SelectedFolder;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.spi.MailStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After Gmail changed a folder's UIDVALIDITY: moves the stored rows to their new keys by X-GM-MSGID instead of
 * downloading the folder again. Reads the server's {@code UID X-GM-MSGID} pairs, then, batch by batch, reads each
 * stored row of the old UIDVALIDITY and writes its metadata, content and Markdown under the new key; finally
 * removes every row of another UIDVALIDITY. The store has no re-key operation, so this goes through the ordinary
 * writes: every one is idempotent, and a run interrupted half-way is simply done again by the next sync (the
 * checkpoint still names the old UIDVALIDITY until the folder sync completes).
 *
 * <p>What the SPI cannot carry over: the raw header block ({@link MessageContent#rawHeaders()}) is not readable
 * through {@link MailStore}, so re-mapped rows have none. Rows whose X-GM-MSGID is no longer in the folder are
 * removed. Stateless and thread-safe.
 */
public final class GmailRemap {
  private static final Logger LOG = LoggerFactory.getLogger(GmailRemap.class);

  private GmailRemap() {}

  /**
   * Re-maps the folder open on {@code connection}.
   *
   * @param selected  what EXAMINE said of it (the new UIDVALIDITY)
   * @param batchSize how many rows to move per store transaction
   * @return how many stored rows were removed because their message is no longer in the folder
   */
  public static long remap(MailStore store, ImapConnection connection, FolderId folderId, long oldUidValidity,
      SelectedFolder selected, int batchSize) {
    Map<Long, Long> newUidByMsgId = selected.exists() == 0 ? Map.of() : connection.gmailUidsByMessageId();
    return remap(store, folderId, oldUidValidity, selected.uidValidity(), newUidByMsgId, batchSize);
  }

  /**
   * Re-maps the stored rows of {@code oldUidValidity} to {@code newUidValidity}, given the server's UIDs by
   * X-GM-MSGID; returns how many stored rows were removed because their X-GM-MSGID is not among them.
   */
  static long remap(MailStore store, FolderId folderId, long oldUidValidity, long newUidValidity,
      Map<Long, Long> newUidByMsgId, int batchSize) {
    List<KnownMessage> old = store.knownMessages(folderId, oldUidValidity);
    long moved = 0;
    for (int from = 0; from < old.size(); from += batchSize) {
      moved += moveBatch(store, folderId, oldUidValidity, newUidValidity, newUidByMsgId,
          old.subList(from, Math.min(old.size(), from + batchSize)));
    }
    long removed = store.purgeOtherUidValidity(folderId, newUidValidity);
    LOG.debug("{} - {}: re-mapped {} of {} stored messages from UIDVALIDITY {} to {} by X-GM-MSGID",
        folderId.accountId(), folderId.imapFolder(), moved, old.size(), oldUidValidity, newUidValidity);
    return Math.max(0, removed - moved);
  }

  private static int moveBatch(MailStore store, FolderId folderId, long oldUidValidity, long newUidValidity,
      Map<Long, Long> newUidByMsgId, List<KnownMessage> batch) {
    List<MessageMetadata> metadata = new ArrayList<>(batch.size());
    List<MessageContent> contents = new ArrayList<>(batch.size());
    Map<MessageKey, RenderedBody> markdown = new LinkedHashMap<>();
    Set<MessageKey> seen = new HashSet<>();
    for (KnownMessage known : batch) {
      Optional<MessageRecord> stored = store.message(new MessageKey(folderId, oldUidValidity, known.uid()));
      if (stored.isEmpty() || stored.get().metadata().gmMsgId() == null) continue;
      MessageRecord record = stored.get();
      MessageMetadata m = record.metadata();
      Long newUid = newUidByMsgId.get(m.gmMsgId());
      if (newUid == null) continue;
      MessageKey key = new MessageKey(folderId, newUidValidity, newUid);
      if (!seen.add(key)) continue;
      metadata.add(new MessageMetadata(key, m.folder(), m.headers(), m.threadId(), m.internalDate(), m.flags(),
          m.labels(), m.size(), m.gmMsgId(), m.gmThrId()));
      if (record.state() != ContentState.METADATA_ONLY) {
        contents.add(new MessageContent(key, m.headers(), m.threadId(), null, record.text(), record.html(),
            record.html() == null ? record.newText() : null, record.attachments(), record.state(), record.error()));
      }
      if (record.markdown() != null) markdown.put(key, new RenderedBody(record.markdown(), record.newText()));
    }
    if (metadata.isEmpty()) return 0;
    store.upsertMetadata(metadata);
    if (!contents.isEmpty()) store.upsertContent(contents);
    if (!markdown.isEmpty()) store.storeRendered(markdown);
    return metadata.size();
  }
}
