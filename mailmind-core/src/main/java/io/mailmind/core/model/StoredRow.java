package io.mailmind.core.model;

import java.util.List;

/**
 * One stored message as {@link io.mailmind.core.spi.MailStore#readBack} reads it back from where the store keeps
 * its messages, for the engine to compare with what it wrote.
 *
 * @param uid   the UID
 * @param flags stored flags (same order rule as {@link MessageMetadata#flags()})
 * @param size  the stored RFC822.SIZE, or -1 when the store cannot tell it cheaply
 */
public record StoredRow(long uid, List<String> flags, long size) {
  public StoredRow {
    flags = List.copyOf(flags == null ? List.of() : flags);
  }
}
