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
    assertThat(DigestWarmup.startFor("export")).isNull();
    assertThat(DigestWarmup.startFor("--help")).isNull();
    Thread thread = DigestWarmup.startFor("sync");
    assertThat(thread).isNotNull();
    assertThat(thread.isDaemon()).as("never holds the process open").isTrue();
    thread.join(60_000);
    assertThat(thread.isAlive()).isFalse();
  }
}
