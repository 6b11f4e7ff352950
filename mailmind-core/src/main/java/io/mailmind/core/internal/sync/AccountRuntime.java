package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.internal.imap.ConnectionPool;
import io.mailmind.core.internal.imap.ImapConnection;
import io.mailmind.core.internal.imap.ImapErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the engine keeps per account between tasks: the connection pool, the folder directory, the content
 * pipeline, the lock that keeps two syncs of the account apart, and the statistics of the current run.
 */
final class AccountRuntime implements AutoCloseable {
  final ImapAccount account;
  final ConnectionPool pool;
  final ContentPipeline pipeline;
  final FolderDirectory folders;
  final ReentrantLock runLock = new ReentrantLock();
  /** Stored counts that matched the server, reused by no-change syncs. */
  final VerifiedCounts counts = new VerifiedCounts();
  /** Keeps a full sync and a new-mail sync of the same folder from interleaving their metadata phases. */
  private final Map<String, ReentrantLock> folderLocks = new ConcurrentHashMap<>();
  private volatile RunStats stats = new RunStats();

  AccountRuntime(ImapAccount account, ConnectionPool pool, ContentPipeline pipeline) {
    this.account = account;
    this.pool = pool;
    this.pipeline = pipeline;
    this.folders = new FolderDirectory(account.id(), () -> withConnection(ImapConnection::list));
  }

  ReentrantLock folderLock(String imapFolder) {
    return folderLocks.computeIfAbsent(imapFolder, name -> new ReentrantLock());
  }

  RunStats stats() {
    return stats;
  }

  RunStats beginRun() {
    stats = new RunStats();
    return stats;
  }

  /** Runs {@code work} on a pooled connection; a connection that broke is closed, not reused. */
  <T> T withConnection(Function<ImapConnection, T> work) {
    ImapConnection connection = pool.borrow();
    boolean broken = false;
    try {
      return work.apply(connection);
    } catch (RuntimeException e) {
      broken = ImapErrors.connectionBroken(e) || !connection.isConnected();
      throw e;
    } finally {
      pool.release(connection, broken);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
