package io.mailmind.core.internal.retry;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.RetryPolicy;
import io.mailmind.core.SyncOptions;
import java.time.Duration;

/** The retry policies of the engine, in one place. (The JDBC store's are in its {@code Db}.) */
public final class RetryPolicies {
  private RetryPolicies() {}

  /**
   * IMAP work (a folder sync, a content batch) that failed on a transient connection failure: at most
   * {@link SyncOptions#maxAttempts()} tries, 200 ms apart, doubling up to 5 s, without jitter (the tries of one
   * account are few and not synchronised with other clients').
   */
  public static RetryPolicy imapWork(SyncOptions options) {
    return RetryPolicy.builder().initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(5))
        .jitter(RetryPolicy.Jitter.NONE).maxAttempts(options.maxAttempts()).build();
  }

  /**
   * IDLE reconnects: from {@link IdleOptions#backoffInitial()} doubling to {@link IdleOptions#backoffMax()}, with
   * equal jitter (so that the accounts of a server that restarted do not all come back at once), for ever.
   */
  public static RetryPolicy idleReconnect(IdleOptions options) {
    return RetryPolicy.builder().initialDelay(options.backoffInitial()).maxDelay(options.backoffMax())
        .jitter(RetryPolicy.Jitter.EQUAL).build();
  }
}
