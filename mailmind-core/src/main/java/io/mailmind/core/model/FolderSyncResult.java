package io.mailmind.core.model;

import java.time.Duration;

/**
 * The outcome of one folder sync.
 *
 * @param folder          the folder with its new checkpoint
 * @param messagesNew     messages that were not stored before
 * @param messagesUpdated stored messages whose flags or labels changed
 * @param messagesDeleted stored messages that are gone from the server
 * @param bytes           RFC822.SIZE of the content fetched
 * @param errors          messages stored with a content error, plus failed batches
 * @param elapsed         wall time of the folder sync
 */
public record FolderSyncResult(
    Folder folder, long messagesNew, long messagesUpdated, long messagesDeleted, long bytes, long errors, Duration elapsed) {}
