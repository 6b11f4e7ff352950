package io.mailmind.core.internal.gmail;

import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.MailStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores flag and label changes of Gmail messages. Labels change like flags, but they also decide the logical
 * folder, which {@link MailStore#updateFlags} does not touch: so a message whose labels changed is written with
 * {@link MailStore#upsertMetadata} (which, on a stored message, updates exactly folder, flags and labels), built
 * from its stored metadata; a message whose flags alone changed goes through {@code updateFlags}. Moving a
 * message between labels (Inbox to a user label, archiving, ...) is such a label change: one row keeps its key,
 * its content and its place; only its labels and folder change. Stateless and thread-safe.
 */
public final class GmailLabelUpdates {
  private GmailLabelUpdates() {}

  /**
   * Stores new flags and labels: labels changed through {@code upsertMetadata} (folder recomputed), flags alone
   * through {@code updateFlags}.
   *
   * @param fetchedFromLogicalName the logical name of the folder synced ({@code All Mail}, {@code Spam}, ...)
   * @param updates                the new flags and labels of messages whose flags or labels changed
   * @param known                  what the store held for these messages before, by UID
   */
  public static void store(MailStore store, FolderId folderId, long uidValidity, String fetchedFromLogicalName,
      List<FlagUpdate> updates, Map<Long, KnownMessage> known) {
    List<FlagUpdate> flagsOnly = new ArrayList<>();
    List<MessageMetadata> relabelled = new ArrayList<>();
    for (FlagUpdate update : updates) {
      KnownMessage before = known.get(update.uid());
      if (before != null && before.labels().equals(update.labels())) {
        flagsOnly.add(update);
        continue;
      }
      Optional<MessageRecord> stored = store.message(new MessageKey(folderId, uidValidity, update.uid()));
      if (stored.isEmpty()) continue; // removed meanwhile; nothing to update
      MessageMetadata old = stored.get().metadata();
      relabelled.add(new MessageMetadata(old.key(), GmailLabels.folder(update.labels(), fetchedFromLogicalName),
          old.headers(), old.threadId(), old.internalDate(), update.flags(), update.labels(), old.size(),
          old.gmMsgId(), old.gmThrId()));
    }
    if (!flagsOnly.isEmpty()) store.updateFlags(folderId, uidValidity, flagsOnly);
    if (!relabelled.isEmpty()) store.upsertMetadata(relabelled);
  }
}
