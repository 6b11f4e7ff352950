package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks an export (JSON lines) against what the server holds. */
final class ExportMatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportMatcher() {}

  static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) nodes.add(JSON.readTree(line));
    return nodes;
  }

  /** Every server message appears once, in export order, with the same fields. */
  static void assertMatches(String accountId, List<JsonNode> export, List<ServerSnapshot.ServerMessage> server) {
    List<ServerSnapshot.ServerMessage> expected = new ArrayList<>(server);
    expected.sort(Comparator.comparing(ServerSnapshot.ServerMessage::imapFolder)
        .thenComparingLong(ServerSnapshot.ServerMessage::uid));
    assertThat(export).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      ServerSnapshot.ServerMessage message = expected.get(i);
      JsonNode node = export.get(i);
      String where = message.imapFolder() + " UID " + message.uid();
      assertThat(node.get("account").asText()).as(where).isEqualTo(accountId);
      assertThat(node.get("imap_folder").asText()).as(where).isEqualTo(message.imapFolder());
      assertThat(node.get("uid").asLong()).as(where).isEqualTo(message.uid());
      assertThat(node.get("uidvalidity").asLong()).as(where).isEqualTo(message.uidValidity());
      assertThat(text(node, "message_id")).as(where).isEqualTo(message.messageId());
      assertThat(node.get("subject").asText()).as(where).isEqualTo(message.subject());
      List<String> from = new ArrayList<>();
      node.get("from").forEach(address -> from.add(address.get("address").asText()));
      assertThat(from).as(where).isEqualTo(message.from());
      List<String> flags = new ArrayList<>();
      node.get("flags").forEach(flag -> flags.add(flag.asText()));
      assertThat(flags).as(where).isEqualTo(message.flags());
      assertThat(node.get("size").asLong()).as(where).isEqualTo(message.size());
      assertThat(node.get("date").asText()).as(where).isEqualTo(message.date());
      assertThat(node.get("internal_date").asText()).as(where).isEqualTo(message.internalDate());
      List<String> attachments = new ArrayList<>();
      node.get("attachments").forEach(a -> attachments.add(a.get("filename").asText() + " " + a.get("sha256").asText()));
      assertThat(attachments).as(where).containsAll(message.attachments());
      assertThat(node.get("content_state").asText()).as(where).isEqualTo("complete");
      assertThat(node.get("error").isNull()).as(where).isTrue();
      assertThat(node.get("labels").isEmpty()).as(where).isTrue();
      assertThat(node.get("gm_msgid").isNull()).as(where).isTrue();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
