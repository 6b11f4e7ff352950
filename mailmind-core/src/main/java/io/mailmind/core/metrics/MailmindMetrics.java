package io.mailmind.core.metrics;

import io.mailmind.core.model.ErrorKind;
import io.mailmind.core.model.SyncPhase;
import io.mailmind.core.spi.MetricsRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Mailmind's metrics in Micrometer: pass it to {@code Mailmind.builder().metrics(...)} and bind it to a registry
 * (Spring Boot's actuator binds every {@code MeterBinder} bean by itself).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code mailmind.accounts.followed}</td><td>gauge</td><td></td><td>accounts followed in real time (IDLE or polling)</td></tr>
 *   <tr><td>{@code mailmind.connections.open}</td><td>gauge</td><td>{@code account}</td><td>IMAP connections open (sync and IDLE)</td></tr>
 *   <tr><td>{@code mailmind.messages.stored}</td><td>counter</td><td>{@code account}</td><td>messages whose content was stored</td></tr>
 *   <tr><td>{@code mailmind.messages.stored.bytes}</td><td>counter (bytes)</td><td>{@code account}</td><td>their RFC822.SIZE</td></tr>
 *   <tr><td>{@code mailmind.errors}</td><td>counter</td><td>{@code account}, {@code kind}</td><td>errors reported, by {@link ErrorKind} (lower case)</td></tr>
 *   <tr><td>{@code mailmind.reconnects}</td><td>counter</td><td>{@code account}</td><td>attempts to set up a lost IDLE connection again</td></tr>
 *   <tr><td>{@code mailmind.sync.duration}</td><td>timer</td><td>{@code account}, {@code phase}</td><td>durations of the units of work, by {@link SyncPhase#tag()}</td></tr>
 * </table>
 *
 * <p>The {@code account} tag has one value per account: with thousands of accounts, drop it with
 * {@link Builder#accountTag(boolean) accountTag(false)}, and every meter sums over the accounts. Counts start when the
 * engine starts, also before the binder is bound; counters and timers are function meters over those counts.
 *
 * <p>Thread-safe; may be bound to several registries.
 */
public final class MailmindMetrics implements MeterBinder, MetricsRecorder {
  private static final String ALL = "";

  private final boolean accountTag;
  private final Tags tags;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, AccountMeters> byTag = new ConcurrentHashMap<>();
  private final Set<String> following = ConcurrentHashMap.newKeySet();

  private MailmindMetrics(Builder builder) {
    this.accountTag = builder.accountTag;
    this.tags = builder.tags;
  }

  /** With the {@code account} tag. */
  public static MailmindMetrics create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    Gauge.builder("mailmind.accounts.followed", following, Set::size).tags(tags)
        .description("Accounts followed in real time (IDLE or polling)").register(registry);
    for (AccountMeters meters : byTag.values()) meters.register(registry);
  }

  @Override
  public void connectionOpened(String accountId) {
    meters(accountId).connections.incrementAndGet();
  }

  @Override
  public void connectionClosed(String accountId) {
    meters(accountId).connections.decrementAndGet();
  }

  @Override
  public void following(String accountId, boolean now) {
    if (now) following.add(accountId);
    else following.remove(accountId);
  }

  @Override
  public void messagesStored(String accountId, long messages, long bytes) {
    AccountMeters meters = meters(accountId);
    meters.messages.add(messages);
    meters.bytes.add(bytes);
  }

  @Override
  public void error(String accountId, ErrorKind kind) {
    meters(accountId).errors.get(kind).add(1);
  }

  @Override
  public void reconnect(String accountId) {
    meters(accountId).reconnects.add(1);
  }

  @Override
  public void phase(String accountId, SyncPhase phase, Duration duration) {
    Times times = meters(accountId).phases.get(phase);
    times.count.add(1);
    times.nanos.add(duration.toNanos());
  }

  private AccountMeters meters(String accountId) {
    String key = accountTag ? accountId : ALL;
    AccountMeters meters = byTag.get(key);
    if (meters != null) return meters;
    boolean[] created = {false};
    meters = byTag.computeIfAbsent(key, k -> {
      created[0] = true;
      return new AccountMeters(accountTag ? tags.and("account", k) : tags);
    });
    if (created[0]) {
      for (MeterRegistry registry : registries) meters.register(registry);
    }
    return meters;
  }

  @Override
  public String toString() {
    return "MailmindMetrics[accountTag=" + accountTag + ", " + byTag.size() + " tag sets]";
  }

  /** The counts behind the meters of one {@code account} tag value (or of all accounts). */
  private static final class AccountMeters {
    final Tags tags;
    final AtomicInteger connections = new AtomicInteger();
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final Map<ErrorKind, LongAdder> errors = new java.util.EnumMap<>(ErrorKind.class);
    final Map<SyncPhase, Times> phases = new java.util.EnumMap<>(SyncPhase.class);

    AccountMeters(Tags tags) {
      this.tags = tags;
      for (ErrorKind kind : ErrorKind.values()) errors.put(kind, new LongAdder());
      for (SyncPhase phase : SyncPhase.values()) phases.put(phase, new Times());
    }

    void register(MeterRegistry registry) {
      Gauge.builder("mailmind.connections.open", connections, AtomicInteger::get).tags(tags)
          .description("IMAP connections open (sync and IDLE)").baseUnit("connections").register(registry);
      counter(registry, "mailmind.messages.stored", messages, "Messages whose content was stored", "messages", tags);
      counter(registry, "mailmind.messages.stored.bytes", bytes, "RFC822.SIZE of the messages stored",
          BaseUnits.BYTES, tags);
      counter(registry, "mailmind.reconnects", reconnects, "Attempts to set up a lost IDLE connection again", null,
          tags);
      errors.forEach((kind, count) -> counter(registry, "mailmind.errors", count, "Errors reported, by kind", null,
          tags.and("kind", kind.name().toLowerCase(java.util.Locale.ROOT))));
      phases.forEach((phase, times) -> FunctionTimer.builder("mailmind.sync.duration", times,
              t -> t.count.sum(), t -> t.nanos.sum(), java.util.concurrent.TimeUnit.NANOSECONDS)
          .tags(tags.and("phase", phase.tag())).description("Durations of the units of a sync, by phase")
          .register(registry));
    }

    private static void counter(MeterRegistry registry, String name, LongAdder count, String description,
        String unit, Tags tags) {
      FunctionCounter.Builder<LongAdder> builder = FunctionCounter.builder(name, count, LongAdder::sum).tags(tags)
          .description(description);
      if (unit != null) builder.baseUnit(unit);
      builder.register(registry);
    }
  }

  private static final class Times {
    final LongAdder count = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  /** Builds a {@link MailmindMetrics}. Not thread-safe. */
  public static final class Builder {
    private boolean accountTag = true;
    private Tags tags = Tags.empty();

    private Builder() {}

    /**
     * Whether meters carry the {@code account} tag (default true). False bounds the number of meters whatever the
     * number of accounts: each meter then sums over all of them.
     */
    public Builder accountTag(boolean accountTag) {
      this.accountTag = accountTag;
      return this;
    }

    /** Tags added to every meter (for example the instance's name). */
    public Builder tags(Iterable<io.micrometer.core.instrument.Tag> tags) {
      this.tags = this.tags.and(java.util.Objects.requireNonNull(tags, "tags"));
      return this;
    }

    public MailmindMetrics build() {
      return new MailmindMetrics(this);
    }
  }
}
