package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.imap.FetchedBody;
import io.mailmind.core.spi.MailTask;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetched batches waiting for their store task, by spool id. Local to this JVM. Thread-safe. A spool's bodies list
 * is its own (mutable): the store task drops each body once it is mapped, so its bytes can be collected.
 */
final class Spools {
  /** A fetched batch; {@code missing} UIDs of the task got no body. */
  record Spool(List<FetchedBody> bodies, int missing) {
    Spool {
      bodies = new java.util.ArrayList<>(bodies);
    }

    /** Deletes the spool files of the bodies still held. */
    void discard() {
      for (FetchedBody body : bodies) {
        if (body != null) body.discard();
      }
    }
  }

  /**
   * By spool id, the spools fetched under it, oldest first: two fetches of the same batch can run at once (an
   * account sync and the new-mail unit of IDLE both find the same new message), and each store task takes one.
   */
  private final Map<String, Deque<Spool>> spools = new ConcurrentHashMap<>();

  /** The spool id of a fetch task: deterministic, so the store task can be built before the fetch runs. */
  static String idFor(MailTask.FetchContentBatch fetch) {
    List<Long> uids = fetch.uids();
    return fetch.accountId() + "|" + fetch.imapFolder() + "|" + fetch.uidValidity() + "|"
        + (uids.isEmpty() ? "-" : uids.get(0) + "-" + uids.get(uids.size() - 1)) + "|" + uids.size() + "|"
        + uids.hashCode();
  }

  void put(String spoolId, Spool spool) {
    spools.compute(spoolId, (id, held) -> {
      Deque<Spool> queue = held != null ? held : new ArrayDeque<>();
      queue.addLast(spool);
      return queue;
    });
  }

  /** Removes and returns the oldest spool held under the id, or null when none is held here. */
  Spool take(String spoolId) {
    Spool[] taken = new Spool[1];
    spools.computeIfPresent(spoolId, (id, queue) -> {
      taken[0] = queue.pollFirst();
      return queue.isEmpty() ? null : queue;
    });
    return taken[0];
  }

  void clear() {
    for (String id : List.copyOf(spools.keySet())) {
      Deque<Spool> queue = spools.remove(id);
      if (queue != null) queue.forEach(Spool::discard);
    }
  }
}
