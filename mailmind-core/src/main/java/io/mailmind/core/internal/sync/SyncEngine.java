package io.mailmind.core.internal.sync;

import io.mailmind.core.ImapAccount;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailTask;
import io.mailmind.core.spi.TaskHandler;

/** The sync engine: scheduler, account sync, folder sync, content batches, Markdown. (Being written.) */
public final class SyncEngine implements TaskHandler, AutoCloseable {
  private final EngineConfig config;

  public SyncEngine(EngineConfig config) {
    this.config = config;
  }

  public EngineConfig config() {
    return config;
  }

  public ImapAccount account(String accountId) {
    return config.accounts().activeAccounts().stream().filter(a -> a.id().equals(accountId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("accountId was '" + accountId + "' but no active account has it"));
  }

  public SyncReport sync(ImapAccount account) {
    throw new IllegalStateException("not yet");
  }

  public void start() {}

  @Override
  public void handle(MailTask task) {}

  @Override
  public void close() {}
}
