package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.MailConnectionException;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportAndEventJsonTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00.123Z");

  private static SyncReport report() {
    return new SyncReport("bench@127.0.0.1", 5, 120, 20, 3, 1, 1_048_576, 0, 4, Duration.ofMillis(12_345),
        Duration.ofMillis(1_500), Duration.ofMillis(10_000), Duration.ZERO, List.of());
  }

  @Test
  void syncSummaryLine() {
    assertThat(ReportJson.line(report())).isEqualTo("{\"account\":\"bench@127.0.0.1\",\"folders\":5,"
        + "\"messages_total\":120,\"messages_new\":20,\"messages_updated\":3,\"messages_deleted\":1,"
        + "\"bytes\":1048576,\"errors\":0,\"messages_pending\":4,\"seconds\":12.345,"
        + "\"phases\":{\"metadata_s\":1.5,\"content_s\":10.0,\"markdown_s\":0.0}}\n");
  }

  @Test
  void eventLinesAreFlushedOneByOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    EventPrinter printer = new EventPrinter(out, Clock.fixed(AT, ZoneOffset.UTC));

    printer.onNewMail(new MessagesEvent("bench@127.0.0.1", "Inbox", "INBOX", 7, List.of(41L, 42L), AT));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"new_mail\",\"account\":\"bench@127.0.0.1\","
        + "\"folder\":\"Inbox\",\"imap_folder\":\"INBOX\",\"uids\":[41,42],\"at\":\"2026-11-24T10:00:00.123Z\"}\n");

    bytes.reset();
    printer.onSyncStarted("bench@127.0.0.1");
    printer.onSyncFinished(report());
    printer.onFlagsChanged(new MessagesEvent("bench@127.0.0.1", "Sent", "Sent", 7, List.of(3L), AT));
    printer.onMessagesDeleted(new MessagesEvent("bench@127.0.0.1", "Sent", "Sent", 7, List.of(4L), AT));
    printer.onConnectionLost("bench@127.0.0.1",
        new MailConnectionException(MailConnectionException.Kind.TRANSIENT, "BYE server shutting down", null));
    printer.onConnectionRestored("bench@127.0.0.1");
    printer.onError("bench@127.0.0.1",
        new MailConnectionException(MailConnectionException.Kind.AUTHENTICATION, "LOGIN failed", null));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(7);
    assertThat(lines[0]).isEqualTo("{\"event\":\"sync_started\",\"account\":\"bench@127.0.0.1\","
        + "\"at\":\"2026-11-24T10:00:00.123Z\"}");
    assertThat(lines[1]).startsWith("{\"event\":\"sync_finished\",\"account\":\"bench@127.0.0.1\",\"folders\":5,")
        .endsWith("\"at\":\"2026-11-24T10:00:00.123Z\"}");
    assertThat(lines[2]).startsWith("{\"event\":\"flags_changed\"").contains("\"uids\":[3]");
    assertThat(lines[3]).startsWith("{\"event\":\"messages_deleted\"").contains("\"uids\":[4]");
    assertThat(lines[4]).startsWith("{\"event\":\"connection_lost\"").contains("\"error\":\"BYE server shutting down\"");
    assertThat(lines[5]).startsWith("{\"event\":\"connection_restored\"");
    assertThat(lines[6]).startsWith("{\"event\":\"error\"").contains("LOGIN failed");
  }
}
