package io.mailmind.core.internal.imap;

import java.util.List;

/**
 * A message as {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} lists it. Flags are normalized.
 *
 * @param labels Gmail's X-GM-LABELS in the stored form when the listing asked for them (on Gmail); {@code null}
 *               when it did not (other servers), which means "unknown, keep the stored ones", never "none"
 */
public record ServerMessage(long uid, List<String> flags, long size, List<String> labels) {
  public ServerMessage {
    labels = labels == null ? null : List.copyOf(labels);
  }

  /** A listing without labels. */
  public ServerMessage(long uid, List<String> flags, long size) {
    this(uid, flags, size, null);
  }

  /** True when the listing had labels and they differ from {@code storedLabels}. */
  public boolean labelsChanged(List<String> storedLabels) {
    return labels != null && !labels.equals(storedLabels);
  }

  /** The labels to store: the listed ones, or {@code storedLabels} when the listing had none. */
  public List<String> labelsOr(List<String> storedLabels) {
    return labels != null ? labels : storedLabels;
  }
}
