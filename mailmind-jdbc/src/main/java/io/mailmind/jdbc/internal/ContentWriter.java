package io.mailmind.jdbc.internal;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code upsertContent}: one transaction that updates the step rows (state, pending) and the message rows whose
 * headers changed, replaces their body rows and their rendered rows (Markdown cleared; the new text of a body
 * without HTML kept, see {@link TextRows}) and their address and attachment rows, and stores attachment bytes once
 * per SHA-256 in SHA-256 order (see {@link BlobWriter}). Bytes no longer referenced afterwards are collected after
 * the commit. Thread-safe.
 */
final class ContentWriter {
  private final Db db;
  private final SqlDialect sql;
  private final FolderRepository folders;
  private final BlobWriter blobs;
  private final BlobCollector collector;

  ContentWriter(Db db, FolderRepository folders, BlobWriter blobs, BlobCollector collector) {
    this.db = db;
    this.sql = db.sql();
    this.folders = folders;
    this.blobs = blobs;
    this.collector = collector;
  }

  /** A message of the batch with its row ids and its stored header columns. */
  private record Target(MessageContent content, long pk, long accountPk, Long internalDateS, HeaderColumns stored) {}

  void upsert(List<MessageContent> batch) {
    if (batch.isEmpty()) return;
    Map<MessageKey, MessageContent> lastByKey = new TreeMap<>();
    for (MessageContent c : batch) lastByKey.put(c.key(), c); // the last content of a key wins
    List<MessageContent> items = List.copyOf(lastByKey.values());
    List<MessageKey> keys = List.copyOf(lastByKey.keySet());
    OpContext ctx = OpContext.write("upsertContent", Keys.describe(keys));
    Set<String> freed = db.write(ctx, connection -> {
      ctx.about(Keys.describe(keys));
      List<Target> targets = targets(connection, ctx, items);
      List<Long> pks = targets.stream().map(Target::pk).toList();
      ctx.at(sql.t.attachments());
      Set<String> before = new HashSet<>();
      for (List<Long> chunk : Keys.chunks(pks, Keys.IN_LIST)) {
        before.addAll(Sha256s.select(connection, sql.blobsOfMessages(chunk.size()), ps -> bindAll(ps, chunk)));
      }
      updateMessages(connection, ctx, targets);
      ctx.at(sql.t.messageBodies());
      TextRows.replaceBodies(connection, sql, pks, targets.stream().map(target -> new TextRows.Body(target.pk(),
          target.content().rawHeaders(), target.content().text(), target.content().html())).toList());
      ctx.at(sql.t.messageRendered());
      TextRows.replaceRendered(connection, sql, pks, targets.stream()
          .map(target -> new TextRows.Rendered(target.pk(), null, target.content().newText())).toList());
      replaceAddresses(connection, ctx, targets, pks);
      Set<String> after = replaceAttachments(connection, ctx, targets, pks);
      before.removeAll(after);
      return before;
    });
    collector.collectQuietly(freed);
  }

  private List<Target> targets(Connection connection, OpContext ctx, List<MessageContent> items) throws SQLException {
    List<Target> targets = new ArrayList<>();
    for (Map.Entry<Keys.Group, List<MessageContent>> group : Keys.byGroup(items, MessageContent::key).entrySet()) {
      ctx.at(sql.t.folders());
      Optional<FolderRepository.Pk> pk = folders.find(connection, group.getKey().folder());
      ctx.at(sql.t.messages());
      Map<Long, MessageRows.WithHeaders> existing = pk.isEmpty() ? Map.of()
          : MessageRows.withHeaders(connection, sql, pk.get().id(), group.getKey().uidValidity(),
              group.getValue().stream().map(c -> c.key().uid()).toList());
      for (MessageContent c : group.getValue()) {
        MessageRows.WithHeaders row = existing.get(c.key().uid());
        if (row == null) {
          throw ctx.about(c.key().toString()).failure("the message is not stored; store its metadata first");
        }
        targets.add(new Target(c, row.pk(), pk.get().accountPk(), row.internalDateS(), row.headers()));
      }
    }
    return targets;
  }

  /**
   * The content's state in each message's step row, and the header columns of the message rows whose full headers
   * differ from what the metadata stored (nearly never: both come from the same header block). An UPDATE of a
   * message row rewrites its entries in all six indexes of the table on H2, whatever columns change.
   */
  private void updateMessages(Connection connection, OpContext ctx, List<Target> targets) throws SQLException {
    ctx.at(sql.t.messages());
    PreparedStatement headers = null;
    try {
      for (Target target : targets) {
        HeaderColumns full = HeaderColumns.of(target.content(), sql);
        if (full.equals(target.stored())) continue;
        if (headers == null) headers = connection.prepareStatement(sql.updateHeaders());
        full.bindUpdate(headers, target.internalDateS(), target.pk());
        headers.addBatch();
      }
      if (headers != null) headers.executeBatch();
    } finally {
      if (headers != null) headers.close();
    }
    ctx.at(sql.t.messageSteps());
    try (PreparedStatement ps = connection.prepareStatement(sql.updateContentSteps())) {
      for (Target target : targets) {
        MessageContent c = target.content();
        ps.setString(1, c.state().name());
        Params.text(ps, 2, sql, c.error());
        ps.setInt(3, SqlDialect.pendingAfterContent(c.state(), c.html()));
        ps.setLong(4, target.pk());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Rewrites the address rows of the messages whose addresses differ from the stored ones (the metadata phase
   * usually stored the same from the same headers, so this is mostly one read).
   */
  private void replaceAddresses(Connection connection, OpContext ctx, List<Target> targets, List<Long> pks)
      throws SQLException {
    ctx.at(sql.t.addresses());
    Map<Long, Map<AddressRows.Field, List<EmailAddress>>> stored = new HashMap<>();
    for (List<Long> chunk : Keys.chunks(pks, Keys.IN_LIST)) {
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.addressesOf(chunk.size()))) {
        bindAll(ps, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          stored.putAll(AddressRows.read(rs));
        }
      }
    }
    List<Target> changed = new ArrayList<>();
    for (Target target : targets) {
      if (!AddressRows.same(stored.get(target.pk()), target.content().headers(), sql)) changed.add(target);
    }
    if (changed.isEmpty()) return;
    MessageRows.deleteByPk(connection, changed.stream().map(Target::pk).toList(), sql::deleteAddresses);
    try (PreparedStatement ps = connection.prepareStatement(sql.insertAddress())) {
      for (Target target : changed) {
        AddressRows.addBatch(ps, sql, target.pk(), target.accountPk(), target.content().headers());
      }
      ps.executeBatch();
    }
  }

  /** Replaces the attachment rows; returns the blob keys they reference. */
  private Set<String> replaceAttachments(Connection connection, OpContext ctx, List<Target> targets, List<Long> pks)
      throws SQLException, IOException {
    ctx.at(sql.t.attachments());
    MessageRows.deleteByPk(connection, pks, sql::deleteAttachments);
    // Bytes first, each SHA-256 once and in order (a consistent lock order between writers).
    TreeMap<String, BlobWriter.Source> sources = new TreeMap<>();
    for (Target target : targets) {
      List<Attachment> attachments = target.content().attachments();
      for (int i = 0; i < attachments.size(); i++) {
        Attachment a = attachments.get(i);
        if (a.content() == null) continue;
        String what = "attachment " + i + " of " + target.content().key();
        sources.putIfAbsent(BlobWriter.key(a.sha256(), what), new BlobWriter.Source(a.size(), a.content(), what));
      }
    }
    ctx.at(sql.t.blobs());
    blobs.ensureAll(connection, sources, ctx);
    ctx.at(sql.t.attachments()).about("attachments of " + targets.size() + " messages");
    try (PreparedStatement ps = connection.prepareStatement(sql.insertAttachment())) {
      for (Target target : targets) {
        List<Attachment> attachments = target.content().attachments();
        for (int i = 0; i < attachments.size(); i++) {
          Attachment a = attachments.get(i);
          ps.setLong(1, target.pk());
          ps.setInt(2, i);
          Params.text(ps, 3, sql, a.filename());
          ps.setString(4, sql.text(a.contentType()));
          ps.setLong(5, a.size());
          ps.setString(6, sql.text(a.sha256()));
          ps.setBoolean(7, a.inline());
          Params.text(ps, 8, sql, a.contentId());
          if (a.content() == null) {
            ps.setNull(9, Types.VARCHAR);
          } else {
            ps.setString(9, a.sha256().toLowerCase(java.util.Locale.ROOT));
          }
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
    return sources.keySet();
  }

  private static void bindAll(PreparedStatement ps, List<Long> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) ps.setLong(i + 1, values.get(i));
  }
}
