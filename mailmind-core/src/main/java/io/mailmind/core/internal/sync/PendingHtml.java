package io.mailmind.core.internal.sync;

import io.mailmind.core.model.MessageKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTML bodies just stored, kept for the Markdown task that follows, so it need not read them back from the store.
 * Bounded by total characters: past the bound a body is not kept, and the task reads it from the store as before.
 * Local to this JVM (tasks run elsewhere read the store). Thread-safe.
 */
public final class PendingHtml {
  private final long maxChars;
  private final Map<MessageKey, String> bodies = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();

  public PendingHtml(long maxChars) {
    this.maxChars = maxChars;
  }

  /** Keeps {@code html} for {@code key} when it fits in the bound. */
  void put(MessageKey key, String html) {
    long length = html.length();
    if (chars.addAndGet(length) > maxChars) {
      chars.addAndGet(-length);
      return;
    }
    String previous = bodies.put(key, html);
    if (previous != null) chars.addAndGet(-previous.length());
  }

  /** Removes and returns the kept body of {@code key}, or null. */
  String take(MessageKey key) {
    String html = bodies.remove(key);
    if (html != null) chars.addAndGet(-html.length());
    return html;
  }

  void clear() {
    bodies.clear();
    chars.set(0);
  }
}
