package io.mailmind.core.internal.folder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The stored form of IMAP flags and of Gmail labels (CLI-CONTRACT.md, field {@code flags}): {@code \Recent} dropped,
 * system flags (starting with {@code \}) first, then keywords, each group in byte order, no duplicates. Stateless
 * and thread-safe.
 */
public final class Flags {
  /** RFC 3501 system flags, by lower case, in their canonical spelling. */
  private static final Map<String, String> SYSTEM = Map.of(
      "\\seen", "\\Seen",
      "\\answered", "\\Answered",
      "\\flagged", "\\Flagged",
      "\\deleted", "\\Deleted",
      "\\draft", "\\Draft");

  private Flags() {}

  /**
   * Normalizes flags or labels. The five RFC 3501 system flags are case-insensitive and get their canonical
   * spelling ({@code \SEEN} becomes {@code \Seen}); other flags, keywords and labels are kept exactly as given
   * (duplicates are removed only when equal). Empty strings are dropped.
   *
   * @param flags the flags as the server sent them, not null, no null element
   * @return a new immutable list
   */
  public static List<String> normalize(Collection<String> flags) {
    Objects.requireNonNull(flags, "flags");
    TreeSet<String> system = new TreeSet<>(Utf8ByteOrder.COMPARATOR);
    TreeSet<String> keywords = new TreeSet<>(Utf8ByteOrder.COMPARATOR);
    for (String flag : flags) {
      Objects.requireNonNull(flag, "flags contains null");
      if (flag.isEmpty()) continue;
      if (flag.charAt(0) == '\\') {
        String lower = flag.toLowerCase(Locale.ROOT);
        if (!lower.equals("\\recent")) {
          system.add(SYSTEM.getOrDefault(lower, flag));
        }
      } else {
        keywords.add(flag);
      }
    }
    List<String> result = new ArrayList<>(system.size() + keywords.size());
    result.addAll(system);
    result.addAll(keywords);
    return List.copyOf(result);
  }
}
