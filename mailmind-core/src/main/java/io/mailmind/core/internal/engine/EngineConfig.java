package io.mailmind.core.internal.engine;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.spi.AccountOwnership;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import io.mailmind.core.spi.MetricsRecorder;
import io.mailmind.core.spi.Sleeper;
import io.mailmind.core.spi.TaskExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything the engine is built from; {@code sleeper} times retries and reconnects, {@code ownership} says which
 * accounts this node follows, {@code metrics} is told what the engine measures, {@code shutdownTimeout} bounds
 * the wait of {@link Engine#close()} for running work.
 */
public record EngineConfig(
    MailStore store,
    AccountSource accounts,
    CredentialsProvider credentials,
    List<EventListener> listeners,
    TaskExecutor executor,
    boolean ownsExecutor,
    SyncOptions syncOptions,
    IdleOptions idleOptions,
    Clock clock,
    Sleeper sleeper,
    AccountOwnership ownership,
    MetricsRecorder metrics,
    Duration shutdownTimeout) {

  /** The default of {@code shutdownTimeout}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  /** Without a metrics recorder, with the default shutdown timeout. */
  public EngineConfig(MailStore store, AccountSource accounts, CredentialsProvider credentials,
      List<EventListener> listeners, TaskExecutor executor, boolean ownsExecutor, SyncOptions syncOptions,
      IdleOptions idleOptions, Clock clock, Sleeper sleeper, AccountOwnership ownership) {
    this(store, accounts, credentials, listeners, executor, ownsExecutor, syncOptions, idleOptions, clock, sleeper,
        ownership, MetricsRecorder.NONE, DEFAULT_SHUTDOWN_TIMEOUT);
  }
}
