package io.mailmind.core.internal.imap;

import java.util.List;

/**
 * A message as {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} lists it. Flags are normalized.
 *
 * @param labels Gmail's X-GM-LABELS in the stored form (fetched with the listing on Gmail); empty elsewhere
 */
public record ServerMessage(long uid, List<String> flags, long size, List<String> labels) {
  public ServerMessage {
    labels = List.copyOf(labels == null ? List.of() : labels);
  }

  public ServerMessage(long uid, List<String> flags, long size) {
    this(uid, flags, size, List.of());
  }
}
