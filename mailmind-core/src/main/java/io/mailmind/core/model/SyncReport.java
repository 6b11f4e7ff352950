package io.mailmind.core.model;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one account sync: the numbers of the command line's {@code sync} summary line.
 *
 * @param accountId       the account
 * @param folders         selectable folders synced
 * @param messagesTotal   messages the store holds for the account after the run
 * @param messagesNew     messages stored for the first time
 * @param messagesUpdated messages whose flags or labels changed
 * @param messagesDeleted messages removed because they are gone from the server
 * @param bytes           RFC822.SIZE of the content fetched
 * @param errors          folder failures plus messages stored with a content error
 * @param messagesPending messages of the account still without their content or Markdown after the run (0 when
 *                        the account's mirror is complete)
 * @param elapsed         from the start of the run to its end
 * @param metadataDone    from the start until the last metadata row was committed (zero when none)
 * @param contentDone     from the start until the last content row was committed (zero when none)
 * @param markdownDone    from the start until the last Markdown row was committed (zero when none)
 * @param folderResults   per folder, in sync order
 */
public record SyncReport(
    String accountId,
    int folders,
    long messagesTotal,
    long messagesNew,
    long messagesUpdated,
    long messagesDeleted,
    long bytes,
    long errors,
    long messagesPending,
    Duration elapsed,
    Duration metadataDone,
    Duration contentDone,
    Duration markdownDone,
    List<FolderSyncResult> folderResults) {

  public SyncReport {
    folderResults = List.copyOf(folderResults == null ? List.of() : folderResults);
  }
}
