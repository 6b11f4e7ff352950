package io.mailmind.core;

import io.mailmind.core.internal.util.Checks;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How accounts are followed in real time. Build with {@link #builder()} (or take {@link #defaults()} or
 * {@link #disabled()}); immutable and thread-safe.
 *
 * <p>The constructor checks every value as the builder does and names all bad ones in one
 * {@link IllegalArgumentException}; a {@code backoffMax} shorter than {@code backoffInitial}, or a
 * {@code maxConnectingPerHost} above {@code maxConnectingAtOnce}, is an {@link IllegalStateException}.
 *
 * @param enabled         keep one IDLE (or polling) connection per active account while started
 * @param reissueInterval IDLE is ended and re-issued at least this often (RFC 2177: under 30 minutes)
 * @param pollInterval    servers without IDLE are polled this often
 * @param backoffInitial  first reconnect delay
 * @param backoffMax      longest reconnect delay; at least {@code backoffInitial}
 * @param accountRefresh  how often the supervisor re-reads the account source
 * @param maxConnectingAtOnce  IMAP connection set-ups (connect, TLS, login) in flight at once on this node, IDLE
 *                             and sync together: a start or a failover that takes over thousands of accounts
 *                             connects them this many at a time instead of all together
 * @param maxConnectingPerHost of those, at most this many to one IMAP host; at most {@code maxConnectingAtOnce}
 */
public record IdleOptions(
    boolean enabled, Duration reissueInterval, Duration pollInterval, Duration backoffInitial, Duration backoffMax,
    Duration accountRefresh, int maxConnectingAtOnce, int maxConnectingPerHost) {

  private static final int DEFAULT_MAX_CONNECTING_AT_ONCE = 16;
  private static final int DEFAULT_MAX_CONNECTING_PER_HOST = 8;

  public IdleOptions {
    Checks.collecting()
        .positive("reissueInterval", reissueInterval)
        .positive("pollInterval", pollInterval)
        .positive("backoffInitial", backoffInitial).inNanos("backoffInitial", backoffInitial)
        .positive("backoffMax", backoffMax).inNanos("backoffMax", backoffMax)
        .positive("accountRefresh", accountRefresh)
        .atLeast("maxConnectingAtOnce", maxConnectingAtOnce, 1)
        .atLeast("maxConnectingPerHost", maxConnectingPerHost, 1)
        .throwIfBadValues();
    Checks combinations = Checks.collecting();
    if (backoffMax.compareTo(backoffInitial) < 0) {
      combinations.problem("backoffMax was '" + backoffMax + "' but it must be >= backoffInitial ("
          + backoffInitial + ")");
    }
    if (maxConnectingPerHost > maxConnectingAtOnce) {
      combinations.problem("maxConnectingPerHost was '" + maxConnectingPerHost
          + "' but it must be at most maxConnectingAtOnce (" + maxConnectingAtOnce + ")");
    }
    combinations.throwIfBadCombinations();
  }

  /** With the connection set-up limits at their defaults: 16 at once, 4 to one host. */
  public IdleOptions(boolean enabled, Duration reissueInterval, Duration pollInterval, Duration backoffInitial,
      Duration backoffMax, Duration accountRefresh) {
    this(enabled, reissueInterval, pollInterval, backoffInitial, backoffMax, accountRefresh,
        DEFAULT_MAX_CONNECTING_AT_ONCE, DEFAULT_MAX_CONNECTING_PER_HOST);
  }

  /**
   * Enabled: IDLE re-issued every 29 min, polling every 60 s, reconnects from 1 s to 5 min, accounts re-read every
   * 30 s, at most 16 connection set-ups at once and 4 to one host.
   */
  public static IdleOptions defaults() {
    return builder().build();
  }

  /** The defaults, but no account is followed in real time (only the periodic sync runs). */
  public static IdleOptions disabled() {
    return builder().enabled(false).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds {@link IdleOptions}, starting from {@link #defaults()}. Each setting may be set once; a setter refuses a
   * bad value at once, and {@link #build()} names every bad combination in one {@link IllegalStateException}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private boolean enabled = true;
    private Duration reissueInterval = Duration.ofMinutes(29);
    private Duration pollInterval = Duration.ofSeconds(60);
    private Duration backoffInitial = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(5);
    private Duration accountRefresh = Duration.ofSeconds(30);
    private int maxConnectingAtOnce = DEFAULT_MAX_CONNECTING_AT_ONCE;
    private int maxConnectingPerHost = DEFAULT_MAX_CONNECTING_PER_HOST;

    private Builder() {}

    /** Default true. */
    public Builder enabled(boolean enabled) {
      Checks.once(set, "enabled", this.enabled);
      this.enabled = enabled;
      return this;
    }

    /** Default 29 min; RFC 2177 asks for less than 30 min. */
    public Builder reissueInterval(Duration reissueInterval) {
      Checks.requirePositive("reissueInterval", reissueInterval);
      Checks.once(set, "reissueInterval", this.reissueInterval);
      this.reissueInterval = reissueInterval;
      return this;
    }

    /** Default 60 s. */
    public Builder pollInterval(Duration pollInterval) {
      Checks.requirePositive("pollInterval", pollInterval);
      Checks.once(set, "pollInterval", this.pollInterval);
      this.pollInterval = pollInterval;
      return this;
    }

    /** Default 1 s. */
    public Builder backoffInitial(Duration backoffInitial) {
      Checks.collecting().positive("backoffInitial", backoffInitial).inNanos("backoffInitial", backoffInitial)
          .throwIfBadValues();
      Checks.once(set, "backoffInitial", this.backoffInitial);
      this.backoffInitial = backoffInitial;
      return this;
    }

    /** Default 5 min; at least {@code backoffInitial} (checked by {@link #build()}). */
    public Builder backoffMax(Duration backoffMax) {
      Checks.collecting().positive("backoffMax", backoffMax).inNanos("backoffMax", backoffMax).throwIfBadValues();
      Checks.once(set, "backoffMax", this.backoffMax);
      this.backoffMax = backoffMax;
      return this;
    }

    /** Default 30 s. */
    public Builder accountRefresh(Duration accountRefresh) {
      Checks.requirePositive("accountRefresh", accountRefresh);
      Checks.once(set, "accountRefresh", this.accountRefresh);
      this.accountRefresh = accountRefresh;
      return this;
    }

    /**
     * Default 16; at least 1. Set-ups past it wait their turn (in arrival order), so 1,000 accounts are followed
     * within seconds instead of overflowing the server's listen backlog.
     */
    public Builder maxConnectingAtOnce(int maxConnectingAtOnce) {
      Checks.requireAtLeast("maxConnectingAtOnce", maxConnectingAtOnce, 1);
      Checks.once(set, "maxConnectingAtOnce", this.maxConnectingAtOnce);
      this.maxConnectingAtOnce = maxConnectingAtOnce;
      return this;
    }

    /**
     * Default 8, or {@code maxConnectingAtOnce} when that is set lower; at least 1 and at most
     * {@code maxConnectingAtOnce} (checked by {@link #build()}). Mail providers throttle or block an address that
     * logs in too often at once; other hosts go on while one waits.
     */
    public Builder maxConnectingPerHost(int maxConnectingPerHost) {
      Checks.requireAtLeast("maxConnectingPerHost", maxConnectingPerHost, 1);
      Checks.once(set, "maxConnectingPerHost", this.maxConnectingPerHost);
      this.maxConnectingPerHost = maxConnectingPerHost;
      return this;
    }

    /**
     * @throws IllegalStateException when {@code backoffMax} is shorter than {@code backoffInitial}, or
     *                               {@code maxConnectingPerHost} is above {@code maxConnectingAtOnce}
     */
    public IdleOptions build() {
      int perHost = set.contains("maxConnectingPerHost") ? maxConnectingPerHost
          : Math.min(DEFAULT_MAX_CONNECTING_PER_HOST, maxConnectingAtOnce);
      return new IdleOptions(enabled, reissueInterval, pollInterval, backoffInitial, backoffMax, accountRefresh,
          maxConnectingAtOnce, perHost);
    }
  }
}
