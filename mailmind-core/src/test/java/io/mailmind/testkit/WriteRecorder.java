package io.mailmind.testkit;

import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.spi.MailStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A {@link MailStore} over another that records every write that reached it (committed), per account and in one
 * global order ({@link #sequence()}), and lets a test act on the calling thread before any call reaches the store
 * ({@link #beforeCall}): hold a sync in a read or in a write. Thread-safe.
 */
public final class WriteRecorder {
  private static final Set<String> WRITES = Set.of("upsertFolder", "saveCheckpoint", "deleteFolder",
      "purgeOtherUidValidity", "upsertMetadata", "upsertContent", "recordContentFailures", "storeMarkdown", "storeRendered",
      "updateFlags", "deleteMessages");

  /** A committed write: its place in the order, the account, the method. */
  public record Write(long sequence, String accountId, String method) {}

  private final List<Write> writes = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final MailStore store;
  private volatile BiConsumer<String, String> beforeCall = (accountId, method) -> { };

  public WriteRecorder(MailStore delegate) {
    this.store = (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) return method.invoke(delegate, args);
          String accountId = accountOf(args);
          beforeCall.accept(accountId, method.getName());
          Object result;
          try {
            result = method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (WRITES.contains(method.getName())) {
            writes.add(new Write(sequence.incrementAndGet(), accountId, method.getName()));
          }
          return result;
        });
  }

  /** The store to give the engine. */
  public MailStore store() {
    return store;
  }

  /** Runs {@code action(accountId, method)} on the caller's thread before each call reaches the store. */
  public void beforeCall(BiConsumer<String, String> action) {
    this.beforeCall = action;
  }

  /** The place in the order of the last write so far (0 before any). */
  public long sequence() {
    return sequence.get();
  }

  /** The committed writes of the account, in order. */
  public List<Write> writes(String accountId) {
    return writes.stream().filter(w -> accountId.equals(w.accountId())).toList();
  }

  private static String accountOf(Object[] args) {
    if (args == null || args.length == 0) return null;
    Object first = args[0];
    if (first instanceof List<?> list) first = list.isEmpty() ? null : list.get(0);
    if (first instanceof Map<?, ?> map) first = map.isEmpty() ? null : map.keySet().iterator().next();
    if (first instanceof String accountId) return accountId;
    if (first instanceof Folder folder) return folder.id().accountId();
    if (first instanceof FolderId folderId) return folderId.accountId();
    if (first instanceof MessageKey key) return key.folder().accountId();
    if (first instanceof MessageMetadata metadata) return metadata.key().folder().accountId();
    if (first instanceof MessageContent content) return content.key().folder().accountId();
    return null;
  }
}
