package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.internal.imap.ConnectLimiter;
import io.mailmind.core.internal.imap.ConnectionPool;
import io.mailmind.core.spi.AccountSource;
import io.mailmind.core.spi.CredentialsProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link AccountRuntime} of every account the engine has worked for, created on first use and replaced when
 * the account's record changes (host, user, ...). Thread-safe.
 */
public final class AccountRuntimes implements AutoCloseable {
  private final AccountSource accounts;
  private final CredentialsProvider credentials;
  private final SyncContext context;
  private final ConnectLimiter connecting;
  private final Map<String, AccountRuntime> runtimes = new ConcurrentHashMap<>();

  /** {@code connecting} bounds the connection set-ups of every account's pool, shared with the IDLE watchers. */
  public AccountRuntimes(AccountSource accounts, CredentialsProvider credentials, SyncContext context,
      ConnectLimiter connecting) {
    this.accounts = accounts;
    this.credentials = credentials;
    this.context = context;
    this.connecting = connecting;
  }

  /** The active account with this id. */
  public ImapAccount account(String accountId) {
    return accounts.activeAccounts().stream().filter(a -> a.id().equals(accountId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "accountId was '" + accountId + "' but no active account has that id"));
  }

  AccountRuntime runtime(ImapAccount account) {
    AccountRuntime current = runtimes.get(account.id());
    if (current != null && current.account.equals(account)) return current;
    return runtimes.compute(account.id(), (id, existing) -> {
      if (existing != null && existing.account.equals(account)) return existing;
      if (existing != null) existing.close();
      return create(account);
    });
  }

  /** The runtime of an account this node already works for, else of the active account with that id. */
  AccountRuntime runtime(String accountId) {
    AccountRuntime current = runtimes.get(accountId);
    return current != null ? current : runtime(account(accountId));
  }

  /** @throws io.mailmind.core.AccountNotOwnedException for an account this node does not own: no connection to it */
  private AccountRuntime create(ImapAccount account) {
    var options = context.options();
    String accountId = account.id();
    context.owned().checkOwned(accountId);
    ContentPipeline pipeline = new ContentPipeline(context.tasks(), (what, failure) -> {
      AccountRuntime failed = runtimes.get(accountId);
      if (failed != null) failed.stats().errors.incrementAndGet();
      context.failed(accountId, what, failure);
    }, options.maxConnectionsPerAccount() + 1, 1, context.clock(), options.markdownMaxDelay());
    return new AccountRuntime(account, new ConnectionPool(account, credentials, options, connecting,
        context.listeners().telemetry()), pipeline);
  }

  /** Whether a sync of the account runs now. */
  public boolean syncing(ImapAccount account) {
    AccountRuntime runtime = runtimes.get(account.id());
    return runtime != null && runtime.account.equals(account) && runtime.runLock.isLocked();
  }

  /** Closes and forgets the runtimes of accounts not in {@code active} (unless a sync of theirs still runs). */
  public void retainOnly(List<ImapAccount> active) {
    runtimes.keySet().removeIf(id -> {
      boolean gone = active.stream().noneMatch(a -> a.id().equals(id));
      if (gone) {
        AccountRuntime removed = runtimes.get(id);
        if (removed != null && !removed.runLock.isLocked()) removed.close();
      }
      return gone;
    });
  }

  /**
   * Forgets the runtimes of accounts released to another node: drops their queued content work and aborts their
   * connections, so that IMAP work in flight fails at once. Their running syncs then end (their writes are refused).
   */
  public void release(Collection<String> accountIds) {
    for (String accountId : accountIds) {
      AccountRuntime released = runtimes.remove(accountId);
      if (released == null) continue;
      released.pipeline.clear();
      released.pool.abort();
    }
  }

  /** Drops the queued content work of every account (first step of a shutdown). */
  public void clearQueues() {
    for (AccountRuntime runtime : runtimes.values()) runtime.pipeline.clear();
  }

  /** Closes every account's connections. */
  @Override
  public void close() {
    for (AccountRuntime runtime : runtimes.values()) runtime.close();
  }
}
