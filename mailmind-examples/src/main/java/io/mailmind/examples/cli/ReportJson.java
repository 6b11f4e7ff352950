package io.mailmind.examples.cli;

import io.mailmind.core.model.SyncReport;

/** The summary line of {@code sync}, and the body of {@code watch}'s {@code sync_finished} event. Stateless. */
final class ReportJson {
  private ReportJson() {}

  static String line(SyncReport report) {
    return fields(new JsonLine().string("account", report.accountId()), report).end();
  }

  /** Adds the report's fields after {@code account}, in the contract's order. */
  static JsonLine fields(JsonLine line, SyncReport report) {
    line.number("folders", report.folders())
        .number("messages_total", report.messagesTotal())
        .number("messages_new", report.messagesNew())
        .number("messages_updated", report.messagesUpdated())
        .number("messages_deleted", report.messagesDeleted())
        .number("bytes", report.bytes())
        .number("errors", report.errors())
        .number("messages_pending", report.messagesPending())
        .seconds("seconds", report.elapsed());
    return line.write(() -> {
      line.generator().writeObjectFieldStart("phases");
      line.seconds("metadata_s", report.metadataDone())
          .seconds("content_s", report.contentDone())
          .seconds("markdown_s", report.markdownDone());
      line.generator().writeEndObject();
    });
  }
}
