package io.mailmind.jdbc.internal;

import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Grouping and naming message keys. Stateless. */
final class Keys {
  /** At most this many values in one IN list. */
  static final int IN_LIST = 500;

  private Keys() {}

  /** The keys for an error message: one key, or a folder with its UID range, or a count. */
  static String describe(List<MessageKey> keys) {
    if (keys.isEmpty()) return "no messages";
    MessageKey first = keys.get(0);
    if (keys.size() == 1) return first.toString();
    boolean oneGroup = keys.stream().allMatch(k -> k.folder().equals(first.folder()) && k.uidValidity() == first.uidValidity());
    if (oneGroup) {
      long min = keys.stream().mapToLong(MessageKey::uid).min().orElse(0);
      long max = keys.stream().mapToLong(MessageKey::uid).max().orElse(0);
      return first.folder() + ";UIDVALIDITY=" + first.uidValidity() + ";UID=" + min + ".." + max + " (" + keys.size()
          + " messages)";
    }
    return keys.size() + " messages from " + first + " to " + keys.get(keys.size() - 1);
  }

  /** (folder, UIDVALIDITY) of a key. */
  record Group(FolderId folder, long uidValidity) {}

  /** Items grouped by folder and UIDVALIDITY, keeping their order. */
  static <T> Map<Group, List<T>> byGroup(List<T> items, Function<T, MessageKey> key) {
    Map<Group, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      MessageKey k = key.apply(item);
      groups.computeIfAbsent(new Group(k.folder(), k.uidValidity()), g -> new ArrayList<>()).add(item);
    }
    return groups;
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      chunks.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return chunks;
  }
}
