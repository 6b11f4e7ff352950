package io.mailmind.core.internal.imap;

import java.time.Instant;
import java.util.List;

/**
 * The metadata items of one message: flags (normalized), INTERNALDATE, RFC822.SIZE and a raw header block.
 *
 * @param gmail Gmail's X-GM-MSGID, X-GM-THRID and X-GM-LABELS on Gmail; null elsewhere
 */
public record FetchedHeaders(long uid, List<String> flags, Instant internalDate, long size, byte[] headerBlock,
    GmailAttributes gmail) {
  public FetchedHeaders(long uid, List<String> flags, Instant internalDate, long size, byte[] headerBlock) {
    this(uid, flags, internalDate, size, headerBlock, null);
  }
}
