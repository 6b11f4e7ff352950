package io.mailmind.examples.cli;

import io.mailmind.core.IdleOptions;
import io.mailmind.core.Mailmind;
import io.mailmind.core.SyncOptions;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The child process of {@code io.mailmind.examples.crash.KillNineDuringSyncTest} (test code, never shipped): the
 * command line's {@code sync}, with the store opened by the same {@link Database#open} and the account read by the
 * same {@link ConnectionSettings#from}, plus one stdout line per committed event so that the parent can kill it
 * with SIGKILL right after a chosen commit:
 *
 * <pre>
 * opened
 * metadata INBOX 20        (onMessagesStored: folder, number of messages)
 * content INBOX 8          (onContentStored)
 * markdown INBOX 7         (onMarkdownStored)
 * finished errors=0 new=360
 * </pre>
 *
 * <p>Takes the options of {@code sync} plus {@code --metadata-batch-size N} (the command line has no such
 * option; smaller batches give the metadata phase more commit points) and {@code --pause-after-metadata-ms N}
 * (the listener holds the folder's sync that long after each metadata line, so that the parent can kill once
 * the commit is on disk). Exits 0 when the sync reported no failure, 1 otherwise (the first failure on stderr).
 */
public final class CrashSyncChild {
  private CrashSyncChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    CliContext context = CliContext.of(out, err, System.getenv(), StopSignal.manual());
    CommandLine line = CommandLine.parse("sync", Arrays.asList(args),
        SyncCommand.union(SyncCommand.VALUED, Set.of("metadata-batch-size", "pause-after-metadata-ms")), SyncCommand.FLAGS);
    ConnectionSettings connection = ConnectionSettings.from(line, context);
    SyncOptions options = SyncOptions.builder()
        .batchSize(connection.syncOptions().batchSize())
        .metadataBatchSize(line.intValue("metadata-batch-size", 500, 1, 100_000))
        .build();
    FailureTracker failures = new FailureTracker();
    try (Database database = Database.open(Database.url(line, Database.DEFAULT_URL), line, context)) {
      out.println("opened");
      SyncReport report;
      try (Mailmind mailmind = Mailmind.builder()
          .store(database.store())
          .accounts(connection.account())
          .credentials(connection.credentials())
          .syncOptions(options)
          .idleOptions(IdleOptions.disabled())
          .listener(failures)
          .listener(new CommitPrinter(out, line.intValue("pause-after-metadata-ms", 0, 0, 60_000)))
          .build()) {
        report = mailmind.sync(connection.account());
      }
      out.println("finished errors=" + report.errors() + " new=" + report.messagesNew());
    }
    if (failures.firstFailure() != null) {
      err.println("crash child: first failure: " + Failures.describe(failures.firstFailure()));
      System.exit(1);
    }
    System.exit(0);
  }

  /** One line per committed event, written whole and flushed at once. Thread-safe. */
  private static final class CommitPrinter implements EventListener {
    private final PrintStream out;
    private final int pauseAfterMetadataMillis;

    CommitPrinter(PrintStream out, int pauseAfterMetadataMillis) {
      this.out = out;
      this.pauseAfterMetadataMillis = pauseAfterMetadataMillis;
    }

    @Override
    public void onMessagesStored(MessagesEvent event) {
      print("metadata", event);
      if (pauseAfterMetadataMillis == 0) return;
      try {
        Thread.sleep(pauseAfterMetadataMillis); // holds this folder's sync as a slow server would
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onContentStored(MessagesEvent event) {
      print("content", event);
    }

    @Override
    public void onMarkdownStored(MessagesEvent event) {
      print("markdown", event);
    }

    private synchronized void print(String phase, MessagesEvent event) {
      out.println(phase + " " + event.imapFolder() + " " + event.uids().size());
    }
  }
}
