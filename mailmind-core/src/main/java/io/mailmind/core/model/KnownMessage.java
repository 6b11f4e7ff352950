package io.mailmind.core.model;

import java.util.List;

/**
 * What the engine needs to know about a stored message to decide what to do with it on the next sync.
 *
 * @param uid             the UID
 * @param state           how much of it is stored
 * @param flags           stored flags (same order rule as {@link MessageMetadata#flags()})
 * @param labels          stored Gmail labels
 * @param markdownPending true when it has an HTML body and no Markdown yet
 */
public record KnownMessage(long uid, ContentState state, List<String> flags, List<String> labels, boolean markdownPending) {
  public KnownMessage {
    flags = List.copyOf(flags == null ? List.of() : flags);
    labels = List.copyOf(labels == null ? List.of() : labels);
  }
}
