package io.mailmind.testkit;

import io.mailmind.core.spi.AccountOwnership;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AccountOwnership} the test drives, as a lease implementation would: {@link #revoke} makes the accounts
 * not owned and then calls {@link Listener#released} on the calling thread (a heartbeat thread that found its
 * lease lost), returning when the engine returns; {@link #grant} makes them owned and calls
 * {@link Listener#acquired}. Thread-safe.
 */
public final class ManualOwnership implements AccountOwnership {
  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private volatile Listener listener;
  private volatile boolean stopped;

  public ManualOwnership(String... owned) {
    this.owned.addAll(List.of(owned));
  }

  @Override
  public boolean owns(String accountId) {
    return owned.contains(accountId);
  }

  @Override
  public void start(Listener listener) {
    if (this.listener != null) throw new IllegalStateException("started twice");
    this.listener = listener;
  }

  @Override
  public void stop() {
    stopped = true;
    listener = null;
  }

  /** Takes the accounts away; returns when the engine's {@code released} returned (at once if not started). */
  public void revoke(String... accountIds) {
    Set<String> ids = Set.of(accountIds);
    owned.removeAll(ids);
    Listener current = listener;
    if (current != null) current.released(ids);
  }

  /** Gives the accounts to this node; returns when the engine's {@code acquired} returned. */
  public void grant(String... accountIds) {
    Set<String> ids = Set.of(accountIds);
    owned.addAll(ids);
    Listener current = listener;
    if (current != null) current.acquired(ids);
  }

  /** Whether {@link #start} was called (by Mailmind.start()). */
  public boolean started() {
    return listener != null || stopped;
  }

  /** Whether {@link #stop} was called (by Mailmind.close()). */
  public boolean stopped() {
    return stopped;
  }
}
