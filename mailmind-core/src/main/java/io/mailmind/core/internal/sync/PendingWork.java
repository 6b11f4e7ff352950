package io.mailmind.core.internal.sync;

import io.mailmind.core.model.PendingMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The messages an account sync found waiting in the store when it began (see
 * {@link io.mailmind.core.spi.MailStore#pendingMessages}), by server folder: a folder that holds some is synced
 * even when the server says it is unchanged, and its sync queues them again beside its new mail. Immutable.
 */
final class PendingWork {
  static final PendingWork NONE = new PendingWork(Map.of());

  private final Map<String, List<PendingMessage>> byFolder;

  private PendingWork(Map<String, List<PendingMessage>> byFolder) {
    this.byFolder = byFolder;
  }

  /**
   * The pending messages of {@code folders} (the folders this sync covers), without Markdown work when
   * {@code markdown} is off.
   */
  static PendingWork of(Collection<PendingMessage> pending, Set<String> folders, boolean markdown) {
    return new PendingWork(Map.copyOf(relevant(pending, folders, markdown).stream()
        .collect(Collectors.groupingBy(p -> p.key().folder().imapFolder()))));
  }

  /** Those of {@code pending} that a sync of {@code folders} (with or without Markdown) is expected to complete. */
  static List<PendingMessage> relevant(Collection<PendingMessage> pending, Set<String> folders, boolean markdown) {
    return pending.stream()
        .filter(p -> folders.contains(p.key().folder().imapFolder()))
        .filter(p -> markdown || p.work() == PendingMessage.Work.CONTENT)
        .toList();
  }

  boolean has(String imapFolder) {
    return byFolder.containsKey(imapFolder);
  }

  /** The pending messages of one folder with that UIDVALIDITY. */
  List<PendingMessage> of(String imapFolder, long uidValidity) {
    return byFolder.getOrDefault(imapFolder, List.of()).stream()
        .filter(p -> p.key().uidValidity() == uidValidity).toList();
  }
}
