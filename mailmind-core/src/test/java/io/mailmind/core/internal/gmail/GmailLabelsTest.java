package io.mailmind.core.internal.gmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GmailLabelsTest {

  @Test
  @DisplayName("the folder comes from the stored labels as from the labels the server sent")
  void folderFromStoredLabels() {
    assertThat(GmailLabels.folder(List.of("\\Important", "\\Inbox", "Work"), "All Mail")).isEqualTo("Inbox");
    assertThat(GmailLabels.folder(List.of("\\Sent"), "All Mail")).isEqualTo("Sent");
    assertThat(GmailLabels.folder(List.of("Tom & Jerry", "Ärger"), "All Mail")).isEqualTo("Tom & Jerry");
    assertThat(GmailLabels.folder(List.of("Ärger", "\\Starred"), "All Mail")).isEqualTo("Ärger");
    assertThat(GmailLabels.folder(List.of("\\Starred"), "All Mail")).isEqualTo("Starred");
    assertThat(GmailLabels.folder(List.of(), "All Mail")).isEqualTo("All Mail");
    assertThat(GmailLabels.folder(List.of("\\Inbox"), "Trash")).isEqualTo("Trash");
  }

  @Test
  @DisplayName("the thread id is X-GM-THRID in unsigned hex")
  void threadId() {
    assertThat(GmailLabels.threadId(1266894439832287888L)).isEqualTo("1194e9c7de1efa90");
    assertThat(GmailLabels.threadId(-1L)).isEqualTo("ffffffffffffffff");
  }
}
