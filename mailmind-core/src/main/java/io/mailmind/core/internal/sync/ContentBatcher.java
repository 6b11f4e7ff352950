package io.mailmind.core.internal.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits messages into content batches bounded by count and by total size, in the order given (newest first).
 * A message larger than the byte bound goes alone.
 */
final class ContentBatcher {
  private ContentBatcher() {}

  /** A message to fetch: its UID and RFC822.SIZE. */
  record Sized(long uid, long size) {}

  static List<List<Long>> split(List<Sized> messages, int maxCount, long maxBytes) {
    List<List<Long>> batches = new ArrayList<>();
    List<Long> current = new ArrayList<>();
    long currentBytes = 0;
    for (Sized message : messages) {
      boolean full = current.size() >= maxCount || (!current.isEmpty() && currentBytes + message.size() > maxBytes);
      if (full) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(message.uid());
      currentBytes += message.size();
    }
    if (!current.isEmpty()) batches.add(current);
    return batches;
  }
}
