package io.mailmind.core.internal.gmail;

import io.mailmind.core.internal.imap.FetchedHeaders;
import io.mailmind.core.internal.imap.GmailAttributes;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import java.util.Objects;

/**
 * The Gmail side of a stored message: one row per X-GM-MSGID (see the package comment), with its labels, the
 * logical folder they give, and X-GM-THRID as thread id. Stateless and thread-safe.
 */
public final class GmailMessages {
  private GmailMessages() {}

  /**
   * The metadata of a message fetched with its Gmail items.
   *
   * @param key                    its key in the folder it was fetched from
   * @param fetchedFromLogicalName the logical name of that folder ({@code All Mail}, {@code Spam}, {@code Trash})
   * @param headers                its parsed header fields
   * @param fetched                what the metadata fetch returned; {@code fetched.gmail()} not null
   * @param fallbackThreadId       the thread id from the headers, used when Gmail sent no X-GM-THRID
   */
  public static MessageMetadata metadata(MessageKey key, String fetchedFromLogicalName, MessageHeaders headers,
      FetchedHeaders fetched, String fallbackThreadId) {
    GmailAttributes gmail = Objects.requireNonNull(fetched.gmail(), "fetched.gmail()");
    String threadId = gmail.thrId() != null ? GmailLabels.threadId(gmail.thrId()) : fallbackThreadId;
    return new MessageMetadata(key, GmailLabels.folder(gmail.labels(), fetchedFromLogicalName), headers, threadId,
        fetched.internalDate(), fetched.flags(), gmail.labels(), fetched.size(), gmail.msgId(), gmail.thrId());
  }

  /**
   * The content to store for a message: the content phase derives the thread id from the headers, but on Gmail
   * the thread is X-GM-THRID, which the store would otherwise overwrite.
   *
   * @param gmThrId X-GM-THRID fetched with the body, or null (not Gmail): then {@code content} as is
   */
  public static MessageContent keepGmailThread(MessageContent content, Long gmThrId) {
    if (gmThrId == null) return content;
    return new MessageContent(content.key(), content.headers(), GmailLabels.threadId(gmThrId), content.rawHeaders(),
        content.text(), content.html(), content.newText(), content.attachments(), content.state(), content.error());
  }
}
