package io.mailmind.examples.cli;

import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows the progress of a long sync on one terminal line of stderr: folders done, messages stored, MB
 * fetched, messages per second. Redraws at most twice a second. Only used when stderr is a terminal.
 * Thread-safe.
 */
final class ProgressReporter implements EventListener {
  private static final long REDRAW_NANOS = 500_000_000L;

  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private boolean drawn;
  private int folders;
  private long metadata;
  private long content;
  private long bytes;

  ProgressReporter(PrintStream err) {
    this.err = err;
  }

  @Override
  public synchronized void onFolderSynced(FolderSyncResult result) {
    folders++;
    bytes += result.bytes();
    draw(true);
  }

  @Override
  public synchronized void onMessagesStored(MessagesEvent event) {
    metadata += event.uids().size();
    draw(false);
  }

  @Override
  public synchronized void onContentStored(MessagesEvent event) {
    content += event.uids().size();
    draw(false);
  }

  @Override
  public synchronized void onSyncFinished(SyncReport report) {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    drawn = true;
    double seconds = Math.max(0.001, (now - startNanos) / 1e9);
    err.print(String.format(Locale.ROOT, "\r\033[Ksync: %d folders done, %d messages (%d with content), %.1f MB, %.0f msg/s",
        folders, metadata, content, bytes / 1e6, content / seconds));
    err.flush();
  }
}
