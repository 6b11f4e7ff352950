package io.mailmind.core.model;

import java.util.Objects;

/**
 * The identity of a stored message: (account, server folder, UIDVALIDITY, UID). Every upsert is keyed by it.
 * The Message-ID header is stored and indexed, but never trusted to be unique.
 */
public record MessageKey(FolderId folder, long uidValidity, long uid) implements Comparable<MessageKey> {
  public MessageKey {
    Objects.requireNonNull(folder, "folder");
  }

  public static MessageKey of(String accountId, String imapFolder, long uidValidity, long uid) {
    return new MessageKey(new FolderId(accountId, imapFolder), uidValidity, uid);
  }

  @Override
  public int compareTo(MessageKey other) {
    int c = folder.accountId().compareTo(other.folder.accountId());
    if (c == 0) c = folder.imapFolder().compareTo(other.folder.imapFolder());
    if (c == 0) c = Long.compare(uidValidity, other.uidValidity);
    if (c == 0) c = Long.compare(uid, other.uid);
    return c;
  }

  @Override
  public String toString() {
    return folder + ";UIDVALIDITY=" + uidValidity + ";UID=" + uid;
  }
}
