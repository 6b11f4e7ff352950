package io.mailmind.jdbc.internal;

import io.mailmind.core.model.FlagUpdate;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.RenderedBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flags, Markdown and deletes: one transaction per call, JDBC batches, unknown keys ignored. Deleting a message
 * deletes its address, attachment, body and rendered rows with it (ON DELETE CASCADE). Thread-safe.
 */
final class MessageUpdates {
  private final Db db;
  private final SqlDialect sql;
  private final FolderRepository folders;
  private final BlobCollector collector;

  MessageUpdates(Db db, FolderRepository folders, BlobCollector collector) {
    this.db = db;
    this.sql = db.sql();
    this.folders = folders;
    this.collector = collector;
  }

  void updateFlags(FolderId folderId, long uidValidity, List<FlagUpdate> updates) {
    if (updates.isEmpty()) return;
    List<FlagUpdate> items = updates.stream().sorted(Comparator.comparingLong(FlagUpdate::uid)).toList();
    OpContext ctx = OpContext.write("updateFlags", folderId + ";UIDVALIDITY=" + uidValidity + " (" + items.size() + " UIDs)");
    db.write(ctx, connection -> {
      Optional<FolderRepository.Pk> pk = folders.find(connection, folderId);
      if (pk.isEmpty()) return null;
      ctx.at(sql.t.messages());
      try (PreparedStatement ps = connection.prepareStatement(sql.updateFlags())) {
        for (FlagUpdate u : items) {
          ps.setString(1, sql.text(JsonStrings.encode(u.flags())));
          ps.setString(2, sql.text(JsonStrings.encode(u.labels())));
          ps.setLong(3, pk.get().id());
          ps.setLong(4, uidValidity);
          ps.setLong(5, u.uid());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  List<MessageKey> recordContentFailures(Map<MessageKey, String> reasonByKey, int maxAttempts) {
    if (reasonByKey.isEmpty()) return List.of();
    List<Map.Entry<MessageKey, String>> items = new ArrayList<>(reasonByKey.entrySet());
    items.sort(Map.Entry.comparingByKey());
    OpContext ctx = OpContext.write("recordContentFailures",
        Keys.describe(items.stream().map(Map.Entry::getKey).toList()));
    return db.write(ctx, connection -> {
      List<MessageKey> errors = new ArrayList<>();
      try (PreparedStatement count = connection.prepareStatement(sql.countContentAttempt());
           PreparedStatement fail = connection.prepareStatement(sql.failContent())) {
        for (Map.Entry<Keys.Group, List<Map.Entry<MessageKey, String>>> group
            : Keys.byGroup(items, Map.Entry::getKey).entrySet()) {
          ctx.at(sql.t.folders());
          Optional<FolderRepository.Pk> pk = folders.find(connection, group.getKey().folder());
          if (pk.isEmpty()) continue;
          ctx.at(sql.t.messages());
          for (Map.Entry<MessageKey, String> item : group.getValue()) {
            count.setLong(1, pk.get().id());
            count.setLong(2, item.getKey().uidValidity());
            count.setLong(3, item.getKey().uid());
            if (count.executeUpdate() == 0) continue;
            Params.text(fail, 1, sql, item.getValue());
            fail.setInt(2, maxAttempts);
            fail.setLong(3, pk.get().id());
            fail.setLong(4, item.getKey().uidValidity());
            fail.setLong(5, item.getKey().uid());
            if (fail.executeUpdate() > 0) errors.add(item.getKey());
          }
        }
      }
      return errors;
    });
  }

  /** The Markdown alone: the new text made from the same body is cleared. */
  void storeMarkdown(Map<MessageKey, String> markdownByKey) {
    Map<MessageKey, RenderedBody> rendered = new java.util.HashMap<>();
    markdownByKey.forEach((key, markdown) -> rendered.put(key, new RenderedBody(markdown, null)));
    storeRendered("storeMarkdown", rendered);
  }

  /**
   * The Markdown and the new text: the rendered row of each message replaced (a null Markdown clears both and
   * leaves no row), and its pending state set (nothing, or the Markdown again for a cleared one with an HTML body).
   */
  void storeRendered(String operation, Map<MessageKey, RenderedBody> renderedByKey) {
    if (renderedByKey.isEmpty()) return;
    List<Map.Entry<MessageKey, RenderedBody>> items = new ArrayList<>(renderedByKey.entrySet());
    items.sort(Map.Entry.comparingByKey());
    OpContext ctx = OpContext.write(operation, Keys.describe(items.stream().map(Map.Entry::getKey).toList()));
    db.write(ctx, connection -> {
      List<TextRows.Rendered> rows = new ArrayList<>();
      for (Map.Entry<Keys.Group, List<Map.Entry<MessageKey, RenderedBody>>> group
          : Keys.byGroup(items, Map.Entry::getKey).entrySet()) {
        ctx.at(sql.t.folders());
        Optional<FolderRepository.Pk> pk = folders.find(connection, group.getKey().folder());
        if (pk.isEmpty()) continue;
        ctx.at(sql.t.messages());
        Map<Long, MessageRows.Existing> existing = MessageRows.existing(connection, sql, pk.get().id(),
            group.getKey().uidValidity(), group.getValue().stream().map(item -> item.getKey().uid()).toList());
        for (Map.Entry<MessageKey, RenderedBody> item : group.getValue()) {
          MessageRows.Existing row = existing.get(item.getKey().uid());
          if (row == null) continue;
          String markdown = item.getValue() == null ? null : item.getValue().markdown();
          rows.add(new TextRows.Rendered(row.pk(), markdown, markdown == null ? null : item.getValue().newText()));
        }
      }
      if (rows.isEmpty()) return null;
      ctx.at(sql.t.messageSteps()); // the step rows first, as upsertContent locks them
      updatePending(connection, rows.stream().filter(row -> row.markdown() != null).toList(), sql.markdownStored());
      updatePending(connection, rows.stream().filter(row -> row.markdown() == null).toList(), sql.markdownCleared());
      ctx.at(sql.t.messageRendered());
      TextRows.replaceRendered(connection, sql, rows.stream().map(TextRows.Rendered::messagePk).toList(), rows);
      return null;
    });
  }

  /** Runs {@code statement} (parameter: a message's row id) for each of {@code rows}, in one batch. */
  private static void updatePending(Connection connection, List<TextRows.Rendered> rows, String statement)
      throws SQLException {
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      for (TextRows.Rendered row : rows) {
        ps.setLong(1, row.messagePk());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  long deleteMessages(FolderId folderId, long uidValidity, List<Long> uids) {
    List<Long> distinct = List.copyOf(new TreeSet<>(uids));
    if (distinct.isEmpty()) return 0;
    OpContext ctx = OpContext.write("deleteMessages", folderId + ";UIDVALIDITY=" + uidValidity + ";UID="
        + distinct.get(0) + ".." + distinct.get(distinct.size() - 1) + " (" + distinct.size() + " UIDs)");
    Set<String> freed = new HashSet<>();
    long removed = db.write(ctx, connection -> {
      freed.clear();
      Optional<FolderRepository.Pk> pk = folders.find(connection, folderId);
      if (pk.isEmpty()) return 0L;
      long count = 0;
      for (List<Long> chunk : Keys.chunks(distinct, Keys.IN_LIST)) {
        ctx.at(sql.t.attachments());
        freed.addAll(Sha256s.select(connection, sql.blobsOfUids(chunk.size()), ps -> bind(ps, pk.get().id(), uidValidity, chunk)));
        ctx.at(sql.t.messages());
        try (PreparedStatement ps = connection.prepareStatement(sql.deleteMessages(chunk.size()))) {
          bind(ps, pk.get().id(), uidValidity, chunk);
          count += ps.executeUpdate();
        }
      }
      return count;
    });
    collector.collectQuietly(freed);
    return removed;
  }

  long purgeOtherUidValidity(FolderId folderId, long keepUidValidity) {
    OpContext ctx = OpContext.write("purgeOtherUidValidity", folderId + " (keeping UIDVALIDITY=" + keepUidValidity + ")");
    Set<String> freed = new HashSet<>();
    long removed = db.write(ctx, connection -> {
      freed.clear();
      Optional<FolderRepository.Pk> pk = folders.find(connection, folderId);
      if (pk.isEmpty()) return 0L;
      Sha256s.Binder binder = ps -> {
        ps.setLong(1, pk.get().id());
        ps.setLong(2, keepUidValidity);
      };
      ctx.at(sql.t.attachments());
      freed.addAll(Sha256s.select(connection, sql.blobsOfOtherUidValidity(), binder));
      ctx.at(sql.t.messages());
      try (PreparedStatement ps = connection.prepareStatement(sql.deleteOtherUidValidity())) {
        binder.bind(ps);
        return (long) ps.executeUpdate();
      }
    });
    collector.collectQuietly(freed);
    return removed;
  }

  private static void bind(PreparedStatement ps, long folderPk, long uidValidity, List<Long> uids) throws SQLException {
    MessageRows.bindUids(ps, folderPk, uidValidity, uids);
  }
}
