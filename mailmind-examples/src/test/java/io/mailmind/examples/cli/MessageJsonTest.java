package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exported record: the contract's fields, in its order, with its date, null and flag rules. */
class MessageJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MessageRecord sample() {
    MessageHeaders headers = new MessageHeaders("<abc@example.org>", "<parent@example.org>",
        List.of("<root@example.org>", "<parent@example.org>"),
        List.of(new EmailAddress("Jörg Müller", "joerg@example.de")),
        List.of(new EmailAddress(null, "bench@example.org")),
        List.of(), List.of(), List.of(),
        "decoded subject €", Instant.parse("2024-03-01T09:15:00.750Z"));
    MessageMetadata metadata = new MessageMetadata(MessageKey.of("bench@127.0.0.1", "Sent", 1732442400L, 17),
        "Sent", headers, "thread-1", Instant.parse("2024-03-01T09:15:02.250Z"),
        List.of("$Forwarded", "\\Seen", "\\Answered"), List.of(), 48211, null, null);
    Attachment attachment = new Attachment("€ rates.pdf", "application/pdf", 51200, "ab".repeat(32), false, null, null);
    return new MessageRecord(metadata, "plain body\n\nOn Fri, Bob wrote:\n> earlier", null, null, "plain body",
        List.of(attachment), ContentState.COMPLETE, null);
  }

  @Test
  void fieldsInTheContractOrder() throws Exception {
    JsonNode node = JSON.readTree(MessageJson.line(sample()));
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("account", "folder", "imap_folder", "uidvalidity", "uid", "message_id",
        "gm_msgid", "gm_thrid", "thread_id", "in_reply_to", "references", "from", "to", "cc", "bcc", "reply_to",
        "subject", "date", "internal_date", "flags", "labels", "size", "text", "html", "markdown", "new_text",
        "attachments",
        "content_state", "error");
    List<String> attachmentNames = new ArrayList<>();
    node.get("attachments").get(0).fieldNames().forEachRemaining(attachmentNames::add);
    assertThat(attachmentNames).containsExactly("filename", "content_type", "size", "sha256", "inline", "content_id");
  }

  @Test
  void exactLine() {
    assertThat(MessageJson.line(sample())).isEqualTo("{\"account\":\"bench@127.0.0.1\",\"folder\":\"Sent\","
        + "\"imap_folder\":\"Sent\",\"uidvalidity\":1732442400,\"uid\":17,\"message_id\":\"<abc@example.org>\","
        + "\"gm_msgid\":null,\"gm_thrid\":null,\"thread_id\":\"thread-1\",\"in_reply_to\":\"<parent@example.org>\","
        + "\"references\":[\"<root@example.org>\",\"<parent@example.org>\"],"
        + "\"from\":[{\"name\":\"Jörg Müller\",\"address\":\"joerg@example.de\"}],"
        + "\"to\":[{\"name\":null,\"address\":\"bench@example.org\"}],\"cc\":[],\"bcc\":[],\"reply_to\":[],"
        + "\"subject\":\"decoded subject €\",\"date\":\"2024-03-01T09:15:00Z\","
        + "\"internal_date\":\"2024-03-01T09:15:02Z\",\"flags\":[\"\\\\Answered\",\"\\\\Seen\",\"$Forwarded\"],"
        + "\"labels\":[],\"size\":48211,\"text\":\"plain body\\n\\nOn Fri, Bob wrote:\\n> earlier\","
        + "\"html\":null,\"markdown\":null,\"new_text\":\"plain body\","
        + "\"attachments\":[{\"filename\":\"€ rates.pdf\",\"content_type\":\"application/pdf\",\"size\":51200,"
        + "\"sha256\":\"" + "ab".repeat(32) + "\",\"inline\":false,\"content_id\":null}],"
        + "\"content_state\":\"complete\",\"error\":null}\n");
  }

  @Test
  void dateFallsBackToInternalDateWhenTheHeaderIsMissing() throws Exception {
    MessageRecord record = sample();
    MessageMetadata noDate = record.metadata().withHeaders(new MessageHeaders(null, null, null, null, null, null,
        null, null, null, null), "thread-1");
    JsonNode node = JSON.readTree(MessageJson.line(new MessageRecord(noDate, null, null, null, List.of(),
        ContentState.METADATA_ONLY, null)));
    assertThat(node.get("date").asText()).isEqualTo("2024-03-01T09:15:02Z");
    assertThat(node.get("message_id").isNull()).isTrue();
    assertThat(node.get("subject").asText()).isEmpty();
    assertThat(node.get("content_state").asText()).isEqualTo("metadata_only");
    assertThat(node.get("references").isEmpty()).isTrue();
  }

  @Test
  void newTextIsNullWhenTheStoreHasNone_asForAMessageStoredBeforeSchemaVersion5() throws Exception {
    MessageRecord record = sample();
    JsonNode node = JSON.readTree(MessageJson.line(new MessageRecord(record.metadata(), null, "<p>Hi</p>", "Hi",
        List.of(), ContentState.COMPLETE, null)));
    assertThat(node.get("markdown").asText()).isEqualTo("Hi");
    assertThat(node.has("new_text")).isTrue();
    assertThat(node.get("new_text").isNull()).isTrue();
  }

  @Test
  void flagOrderSystemFlagsFirstThenKeywordsByteOrderWithoutRecent() {
    assertThat(MessageJson.flagOrder(List.of("zeta", "\\Seen", "$Label1", "\\Recent", "Äpfel", "\\Answered", "NonJunk")))
        .containsExactly("\\Answered", "\\Seen", "$Label1", "NonJunk", "zeta", "Äpfel");
  }

  @Test
  void errorStateCarriesTheReason() throws Exception {
    MessageRecord record = sample();
    JsonNode node = JSON.readTree(MessageJson.line(new MessageRecord(record.metadata(), null, null, null, List.of(),
        ContentState.ERROR, "malformed MIME: missing boundary")));
    assertThat(node.get("content_state").asText()).isEqualTo("error");
    assertThat(node.get("error").asText()).isEqualTo("malformed MIME: missing boundary");
  }
}
