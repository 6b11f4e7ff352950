package io.mailmind.core.internal.mime;

import io.mailmind.core.model.MessageHeaders;

/** STAND-IN until the mapper lands. */
public final class ThreadIds {
  private ThreadIds() {}

  public static String threadId(MessageHeaders headers) {
    if (!headers.references().isEmpty()) return headers.references().get(0);
    if (headers.inReplyTo() != null) return headers.inReplyTo();
    if (headers.messageId() != null) return headers.messageId();
    return "s:" + headers.subject();
  }
}
