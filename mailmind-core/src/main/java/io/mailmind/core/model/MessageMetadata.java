package io.mailmind.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the metadata phase stores for a message, before its content is fetched.
 *
 * @param key          (account, folder, UIDVALIDITY, UID)
 * @param folder       the logical folder name ({@code Inbox}, {@code Sent}, ...; on Gmail from the labels)
 * @param headers      decoded header fields
 * @param threadId     the thread this message belongs to (Gmail X-GM-THRID, else derived from References,
 *                     In-Reply-To and subject), never null
 * @param internalDate the server's INTERNALDATE
 * @param flags        system flags first, then keywords, each group in byte order; never {@code \Recent}
 * @param labels       Gmail X-GM-LABELS in the same order rule, empty elsewhere
 * @param size         RFC822.SIZE
 * @param gmMsgId      Gmail X-GM-MSGID or {@code null}
 * @param gmThrId      Gmail X-GM-THRID or {@code null}
 */
public record MessageMetadata(
    MessageKey key,
    String folder,
    MessageHeaders headers,
    String threadId,
    Instant internalDate,
    List<String> flags,
    List<String> labels,
    long size,
    Long gmMsgId,
    Long gmThrId) {

  public MessageMetadata {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(threadId, "threadId");
    flags = List.copyOf(flags == null ? List.of() : flags);
    labels = List.copyOf(labels == null ? List.of() : labels);
  }

  /** The Date header, or the INTERNALDATE where the header is missing or unparsable. */
  public Instant effectiveDate() {
    return headers.date() != null ? headers.date() : internalDate;
  }

  public MessageMetadata withFlags(List<String> newFlags, List<String> newLabels) {
    return new MessageMetadata(key, folder, headers, threadId, internalDate, newFlags, newLabels, size, gmMsgId, gmThrId);
  }

  public MessageMetadata withHeaders(MessageHeaders newHeaders, String newThreadId) {
    return new MessageMetadata(key, folder, newHeaders, newThreadId, internalDate, flags, labels, size, gmMsgId, gmThrId);
  }
}
