package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.imap.FetchedBody;
import io.mailmind.core.spi.MailTask;
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

  private final Map<String, Spool> spools = new ConcurrentHashMap<>();

  /** The spool id of a fetch task: deterministic, so the store task can be built before the fetch runs. */
  static String idFor(MailTask.FetchContentBatch fetch) {
    List<Long> uids = fetch.uids();
    return fetch.accountId() + "|" + fetch.imapFolder() + "|" + fetch.uidValidity() + "|"
        + (uids.isEmpty() ? "-" : uids.get(0) + "-" + uids.get(uids.size() - 1)) + "|" + uids.size() + "|"
        + uids.hashCode();
  }

  void put(String spoolId, Spool spool) {
    spools.put(spoolId, spool);
  }

  /** Removes and returns a spool, or null when it is not held here. */
  Spool take(String spoolId) {
    return spools.remove(spoolId);
  }

  void clear() {
    for (Spool spool : spools.values()) spool.discard();
    spools.clear();
  }
}
