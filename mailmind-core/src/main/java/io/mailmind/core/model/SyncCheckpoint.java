package io.mailmind.core.model;

import java.time.Instant;

/**
 * The sync state of a folder, written by the engine after each folder sync and read before the next.
 *
 * @param uidValidity   UIDVALIDITY the stored rows belong to, 0 when never synced
 * @param uidNext       UIDNEXT seen at the last completed sync, 0 when unknown
 * @param highestModSeq HIGHESTMODSEQ seen at the last completed sync, 0 when the server has no CONDSTORE
 * @param lastFullSync  when the last full (flag-refreshing) check finished, or {@code null}
 */
public record SyncCheckpoint(long uidValidity, long uidNext, long highestModSeq, Instant lastFullSync) {
  public static final SyncCheckpoint NONE = new SyncCheckpoint(0, 0, 0, null);

  public boolean isEmpty() {
    return uidValidity == 0;
  }
}
