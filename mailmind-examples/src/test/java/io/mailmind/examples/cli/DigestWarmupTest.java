package io.mailmind.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DigestWarmupTest {
  @Test
  void hashesFourMebibytesAsTheMapperFeedsTheDigest() throws Exception {
    assertThat(DigestWarmup.run()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[4 * 1024 * 1024]));
  }

  @Test
  void startsOnlyForCommandsThatSync() throws Exception {
    assertThat(DigestWarmup.COMMANDS).containsExactlyInAnyOrder("sync", "watch", "node", "serve");
    DigestWarmup.startFor("export");
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("mailmind-digest-warmup"));
  }
}
