package io.mailmind.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A folder of an account as the store keeps it.
 *
 * @param id          account and decoded server name
 * @param name        the logical name ({@code Inbox}, {@code Sent}, ... or the decoded server name)
 * @param attributes  the LIST attributes as the server sent them (for example {@code \HasNoChildren},
 *                    {@code \Sent}), in byte order
 * @param checkpoint  the sync state
 */
public record Folder(FolderId id, String name, List<String> attributes, SyncCheckpoint checkpoint) {
  public Folder {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    attributes = List.copyOf(attributes == null ? List.of() : attributes);
    checkpoint = checkpoint == null ? SyncCheckpoint.NONE : checkpoint;
  }

  public Folder withCheckpoint(SyncCheckpoint newCheckpoint) {
    return new Folder(id, name, attributes, newCheckpoint);
  }
}
