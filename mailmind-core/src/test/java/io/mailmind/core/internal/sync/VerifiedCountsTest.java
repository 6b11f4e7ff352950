package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.internal.imap.FolderStatus;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedCountsTest {
  private final VerifiedCounts counts = new VerifiedCounts();
  private final AtomicInteger counted = new AtomicInteger();

  private long count(String folder, FolderStatus status, long stored) {
    return counts.folder(folder, status, () -> {
      counted.incrementAndGet();
      return stored;
    });
  }

  @Test
  void aFolderCountThatMatchedTheServerIsReusedWhileTheStatusIsTheSame() {
    FolderStatus status = new FolderStatus(7, 101, 500, 100);

    assertThat(count("INBOX", status, 100)).isEqualTo(100);
    assertThat(count("INBOX", new FolderStatus(7, 101, 500, 100), 999)).isEqualTo(100);
    assertThat(counted).hasValue(1);

    assertThat(count("INBOX", new FolderStatus(7, 101, 501, 100), 100)).isEqualTo(100); // flags changed: count again
    assertThat(count("Sent", status, 100)).isEqualTo(100); // another folder
    assertThat(counted).hasValue(3);
  }

  @Test
  void aCountThatDidNotMatchIsNeverReused() {
    FolderStatus status = new FolderStatus(7, 101, 500, 100);

    assertThat(count("INBOX", status, 99)).isEqualTo(99);
    assertThat(count("INBOX", status, 98)).isEqualTo(98);
    assertThat(counted).hasValue(2);
  }

  @Test
  void theTotalIsReusedOnlyAfterASyncThatChangedNothing() {
    assertThat(counts.total(true, () -> 10)).isEqualTo(10); // nothing remembered yet
    assertThat(counts.total(true, () -> 11)).isEqualTo(10);
    assertThat(counts.total(false, () -> 12)).isEqualTo(12);
    assertThat(counts.total(true, () -> 13)).isEqualTo(12);
    assertThat(counts.total(false, () -> -1)).isEqualTo(-1); // a failed count is not remembered
    assertThat(counts.total(true, () -> 14)).isEqualTo(14);
  }
}
