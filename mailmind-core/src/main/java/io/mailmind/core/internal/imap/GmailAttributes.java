package io.mailmind.core.internal.imap;

import java.util.List;

/**
 * What Gmail's FETCH items say about one message.
 *
 * @param msgId  X-GM-MSGID (unsigned 64 bits in a long), or null when not fetched
 * @param thrId  X-GM-THRID (unsigned 64 bits in a long), or null when not fetched
 * @param labels X-GM-LABELS in the stored form ({@link GmailFetchItems#storedLabels}), empty when none
 */
public record GmailAttributes(Long msgId, Long thrId, List<String> labels) {
  public GmailAttributes {
    labels = List.copyOf(labels == null ? List.of() : labels);
  }
}
