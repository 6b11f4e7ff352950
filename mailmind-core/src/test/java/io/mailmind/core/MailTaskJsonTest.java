package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmind.core.spi.MailTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks are data: a host can put them on a queue as JSON and get the same task back. */
class MailTaskJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyTaskKindSurvivesAJsonRoundTrip() throws Exception {
    List<MailTask> tasks = List.of(
        new MailTask.SyncAccount("a@b"),
        new MailTask.SyncFolder("a@b", "Archive/2024"),
        new MailTask.FetchContentBatch("a@b", "INBOX", 42, List.of(3L, 2L, 1L)),
        new MailTask.StoreBatch("a@b", "INBOX", 42, "spool-1"),
        new MailTask.RenderMarkdown("a@b", "INBOX", 42, List.of(7L)),
        new MailTask.ProcessNewMail("a@b", "INBOX"));
    for (MailTask task : tasks) {
      String text = json.writeValueAsString(task);
      assertThat(json.readValue(text, MailTask.class)).isEqualTo(task);
    }
    assertThat(json.writeValueAsString(tasks.get(1)))
        .isEqualTo("{\"type\":\"sync_folder\",\"accountId\":\"a@b\",\"imapFolder\":\"Archive/2024\"}");
  }
}
