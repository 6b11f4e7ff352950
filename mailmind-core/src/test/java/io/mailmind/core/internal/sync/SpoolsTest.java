package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.spi.MailTask;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpoolsTest {
  private final Spools spools = new Spools();
  private final MailTask.FetchContentBatch batch =
      new MailTask.FetchContentBatch("alice", "INBOX", 7, List.of(10L, 11L));

  @Test
  @DisplayName("two fetches of the same batch at once (a sync and the new-mail unit) each leave a spool for their store")
  void sameBatchTwice() {
    String id = Spools.idFor(batch);
    Spools.Spool first = new Spools.Spool(List.of(), 1);
    Spools.Spool second = new Spools.Spool(List.of(), 2);
    spools.put(id, first);
    spools.put(id, second);
    assertThat(spools.take(id)).isSameAs(first);
    assertThat(spools.take(id)).isSameAs(second);
    assertThat(spools.take(id)).isNull();
  }

  @Test
  @DisplayName("the spool id of a batch is the same for its fetch and its store task, and differs between batches")
  void ids() {
    assertThat(Spools.idFor(batch)).isEqualTo(Spools.idFor(new MailTask.FetchContentBatch("alice", "INBOX", 7,
        List.of(10L, 11L))));
    assertThat(Spools.idFor(batch)).isNotEqualTo(Spools.idFor(new MailTask.FetchContentBatch("alice", "INBOX", 7,
        List.of(10L, 12L))));
  }
}
