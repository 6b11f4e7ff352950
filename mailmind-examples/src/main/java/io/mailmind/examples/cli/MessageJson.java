package io.mailmind.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One stored message as the line {@code export} prints: exactly the fields, order and rules of the exported
 * message record in the command-line contract. Stateless.
 */
final class MessageJson {
  private MessageJson() {}

  static String line(MessageRecord message) {
    MessageMetadata meta = message.metadata();
    MessageHeaders headers = meta.headers();
    JsonLine line = new JsonLine()
        .string("account", meta.key().folder().accountId())
        .string("folder", meta.folder())
        .string("imap_folder", meta.key().folder().imapFolder())
        .number("uidvalidity", meta.key().uidValidity())
        .number("uid", meta.key().uid())
        .string("message_id", headers.messageId())
        .number("gm_msgid", meta.gmMsgId())
        .number("gm_thrid", meta.gmThrId())
        .string("thread_id", meta.threadId())
        .string("in_reply_to", headers.inReplyTo())
        .strings("references", headers.references());
    addresses(line, "from", headers.from());
    addresses(line, "to", headers.to());
    addresses(line, "cc", headers.cc());
    addresses(line, "bcc", headers.bcc());
    addresses(line, "reply_to", headers.replyTo());
    line.string("subject", headers.subject())
        .instantSeconds("date", meta.effectiveDate())
        .instantSeconds("internal_date", meta.internalDate())
        .strings("flags", flagOrder(meta.flags()))
        .strings("labels", flagOrder(meta.labels()))
        .number("size", meta.size())
        .string("text", message.text())
        .string("html", message.html())
        .string("markdown", message.markdown())
        .string("new_text", message.newText());
    attachments(line, message.attachments());
    return line.string("content_state", message.state().externalName())
        .string("error", message.error())
        .end();
  }

  private static void addresses(JsonLine line, String name, List<EmailAddress> addresses) {
    line.write(() -> {
      JsonGenerator json = line.generator();
      json.writeArrayFieldStart(name);
      for (EmailAddress address : addresses) {
        json.writeStartObject();
        json.writeStringField("name", address.name());
        json.writeStringField("address", address.address());
        json.writeEndObject();
      }
      json.writeEndArray();
    });
  }

  private static void attachments(JsonLine line, List<Attachment> attachments) {
    line.write(() -> {
      JsonGenerator json = line.generator();
      json.writeArrayFieldStart("attachments");
      for (Attachment attachment : attachments) {
        json.writeStartObject();
        json.writeStringField("filename", attachment.filename());
        json.writeStringField("content_type", attachment.contentType());
        json.writeNumberField("size", attachment.size());
        json.writeStringField("sha256", attachment.sha256());
        json.writeBooleanField("inline", attachment.inline());
        json.writeStringField("content_id", attachment.contentId());
        json.writeEndObject();
      }
      json.writeEndArray();
    });
  }

  /**
   * The contract's order for flags and labels: system flags (starting with a backslash) first, then the
   * rest, each group in UTF-8 byte order; {@code \Recent} never appears.
   */
  static List<String> flagOrder(List<String> flags) {
    List<String> sorted = new ArrayList<>(flags.size());
    for (String flag : flags) {
      if (!flag.equalsIgnoreCase("\\Recent")) sorted.add(flag);
    }
    sorted.sort(Comparator.comparing((String flag) -> !flag.startsWith("\\")).thenComparing(MessageJson::compareBytes));
    return sorted;
  }

  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
