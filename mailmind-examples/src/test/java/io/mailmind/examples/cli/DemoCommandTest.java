package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The demo runs end to end in-process: no network, a readable report, exit 0. */
class DemoCommandTest {

  @Test
  void runsEndToEnd() {
    String db = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    CliRun run = CliRun.run(Map.of(), "demo", "--db", db);

    assertThat(run.status).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("GreenMail IMAP on 127.0.0.1:")
        .contains("5 folders, " + SampleMailbox.messages().size() + " messages stored")
        .contains("the new_mail event arrived: {\"event\":\"new_mail\",\"account\":\"robin@mailmind.example\"")
        .contains("Inbox", "Sent", "Drafts", "Archive/2023")
        .contains("rendered as Markdown")
        .contains("Subject: The Weekly Byte #48")
        .contains("weeklybyte.example");
    assertThat(run.out).containsPattern("total\\s+" + (SampleMailbox.messages().size() + 1) + "\\s");
  }
}
