package io.mailmind.examples.web;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One message ({@code /message?folder=..&uidvalidity=..&uid=..}): its header fields and its Markdown (or, when
 * there is none, its plain text) as preformatted, escaped text. The HTML body is never put into the page.
 * Stateless.
 */
final class MessagePage {
  private MessagePage() {}

  static String html(MessageRecord message) {
    MessageMetadata metadata = message.metadata();
    InboxRow row = InboxRow.of(metadata);
    String subject = row.subject().isEmpty() ? "(no subject)" : row.subject();
    StringBuilder body = new StringBuilder(4096 + length(message.markdown()) + length(message.text()));
    body.append("<header>\n<p><a href=\"/\">← Inbox</a></p>\n<h1 id=\"subject\">").append(Html.escape(subject))
        .append("</h1>\n</header>\n<main>\n<dl class=\"meta\">\n");
    field(body, "From", addresses(metadata.headers().from()));
    field(body, "To", addresses(metadata.headers().to()));
    field(body, "Cc", addresses(metadata.headers().cc()));
    field(body, "Date", row.date().isEmpty() ? "" : row.date() + " UTC");
    field(body, "Folder", metadata.folder().equals(row.imapFolder())
        ? metadata.folder() : metadata.folder() + " (" + row.imapFolder() + ")");
    field(body, "Flags", String.join(" ", metadata.flags()));
    field(body, "Labels", String.join(", ", metadata.labels()));
    field(body, "Attachments", message.attachments().stream().map(MessagePage::attachment)
        .collect(Collectors.joining("; ")));
    body.append("</dl>\n");
    appendBody(body, message);
    body.append("</main>\n");
    return Html.document(subject, " class=\"message\"", body.toString(), false);
  }

  private static void appendBody(StringBuilder body, MessageRecord message) {
    String text;
    String note;
    if (message.markdown() != null) {
      text = message.markdown();
      note = "Markdown made from the HTML body";
    } else if (message.text() != null) {
      text = message.text();
      note = "Plain-text body";
    } else if (message.html() != null) {
      text = null;
      note = "The HTML body has no Markdown yet";
    } else {
      text = null;
      note = message.state() == ContentState.METADATA_ONLY ? "The content is not stored yet" : "No text body";
    }
    if (message.state() == ContentState.ERROR) {
      body.append("<p class=\"error\">The content could not be read: ").append(Html.escape(message.error()))
          .append("</p>\n");
    }
    body.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
    if (text != null) body.append("<pre id=\"body\">").append(Html.escape(text)).append("</pre>\n");
  }

  private static void field(StringBuilder body, String name, String value) {
    if (value.isEmpty()) return;
    body.append("<dt>").append(name).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
  }

  private static String addresses(List<EmailAddress> list) {
    return list.stream()
        .map(a -> a.name() == null || a.name().isBlank() ? a.address() : a.name() + " <" + a.address() + ">")
        .collect(Collectors.joining(", "));
  }

  private static String attachment(Attachment attachment) {
    String name = attachment.filename() == null ? "(unnamed)" : attachment.filename();
    return name + " (" + attachment.contentType() + ", " + attachment.size() + " bytes)";
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
