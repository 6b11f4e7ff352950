package io.mailmind.examples.cli;

import io.mailmind.core.model.FolderSyncResult;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.EventListener;
import io.mailmind.core.spi.MailStore;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows the progress of a long sync on one line of stderr: folders done, messages whose metadata and content
 * are stored, MB of content stored out of MB found, and the rate. It learns the sizes by watching the store's
 * writes ({@link #meter}) and the folders from the events. Redraws at most twice a second; leaves a final line.
 * Only used when stderr is a terminal. Thread-safe.
 */
final class ProgressReporter implements EventListener {
  private static final long REDRAW_NANOS = 500_000_000L;

  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private final Map<MessageKey, Long> pendingSizes = new HashMap<>();
  private long lastDraw;
  private int folders;
  private long metadata;
  private long content;
  private long bytesFound;
  private long bytesStored;

  ProgressReporter(PrintStream err) {
    this.err = err;
  }

  /** The store, seen through a proxy that reports metadata and content writes to this reporter. */
  MailStore meter(MailStore store) {
    return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("upsertMetadata")) metadataStored(cast(args[0]));
          if (method.getName().equals("upsertContent")) contentStored(cast(args[0]));
          return result;
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> cast(Object list) {
    return (List<T>) list;
  }

  private synchronized void metadataStored(List<MessageMetadata> batch) {
    for (MessageMetadata message : batch) {
      if (pendingSizes.put(message.key(), message.size()) == null) {
        metadata++;
        bytesFound += message.size();
      }
    }
    draw(false);
  }

  private synchronized void contentStored(List<MessageContent> batch) {
    for (MessageContent message : batch) {
      Long size = pendingSizes.remove(message.key());
      content++;
      if (size != null) bytesStored += size;
    }
    draw(false);
  }

  @Override
  public synchronized void onFolderSynced(FolderSyncResult result) {
    folders++;
    draw(true);
  }

  @Override
  public synchronized void onSyncFinished(SyncReport report) {
    draw(true);
    err.println();
    err.flush();
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    double seconds = Math.max(0.001, (now - startNanos) / 1e9);
    err.print(String.format(Locale.ROOT,
        "\r\033[Ksync: %d folders done, %d messages (%d with content), %.1f of %.1f MB, %.0f msg/s, %.1f MB/s",
        folders, metadata, content, bytesStored / 1e6, bytesFound / 1e6, content / seconds, bytesStored / 1e6 / seconds));
    err.flush();
  }
}
