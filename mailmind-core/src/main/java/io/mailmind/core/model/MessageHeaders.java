package io.mailmind.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The decoded header fields of a message that the store keeps in columns.
 *
 * @param messageId  the Message-ID as written, trimmed, or {@code null}
 * @param inReplyTo  the In-Reply-To as written, trimmed, or {@code null}
 * @param references the message ids of References, in order
 * @param subject    the decoded subject, {@code ""} when absent
 * @param date       the Date header in UTC (second precision), or {@code null} when missing or unparsable
 */
public record MessageHeaders(
    String messageId,
    String inReplyTo,
    List<String> references,
    List<EmailAddress> from,
    List<EmailAddress> to,
    List<EmailAddress> cc,
    List<EmailAddress> bcc,
    List<EmailAddress> replyTo,
    String subject,
    Instant date) {

  public static final MessageHeaders EMPTY =
      new MessageHeaders(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), "", null);

  public MessageHeaders {
    references = List.copyOf(references == null ? List.of() : references);
    from = List.copyOf(from == null ? List.of() : from);
    to = List.copyOf(to == null ? List.of() : to);
    cc = List.copyOf(cc == null ? List.of() : cc);
    bcc = List.copyOf(bcc == null ? List.of() : bcc);
    replyTo = List.copyOf(replyTo == null ? List.of() : replyTo);
    subject = subject == null ? "" : subject;
  }
}
