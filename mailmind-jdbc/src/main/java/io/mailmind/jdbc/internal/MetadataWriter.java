package io.mailmind.jdbc.internal;

import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code upsertMetadata}: one transaction; folders (and accounts) created when absent; a plain INSERT per new
 * message and a native upsert per stored one, in JDBC batches (the upsert changes only a stored message's folder
 * name, flags and labels); step rows (waiting for the content) and address rows for the new messages only.
 * Thread-safe.
 */
final class MetadataWriter {
  private final Db db;
  private final SqlDialect sql;
  private final FolderRepository folders;

  MetadataWriter(Db db, FolderRepository folders) {
    this.db = db;
    this.sql = db.sql();
    this.folders = folders;
  }

  void upsert(List<MessageMetadata> batch) {
    if (batch.isEmpty()) return;
    // Key order: concurrent writers lock rows in the same order. The sort is stable: repeated keys keep theirs.
    List<MessageMetadata> items = batch.stream().sorted(Comparator.comparing(MessageMetadata::key)).toList();
    OpContext ctx = OpContext.write("upsertMetadata", Keys.describe(items.stream().map(MessageMetadata::key).toList()));
    db.write(ctx, connection -> {
      ctx.at(sql.t.folders());
      Map<Keys.Group, List<MessageMetadata>> groups = Keys.byGroup(items, MessageMetadata::key);
      Map<Keys.Group, FolderRepository.Pk> pks = new HashMap<>();
      Map<MessageKey, MessageMetadata> fresh = new LinkedHashMap<>();
      for (Map.Entry<Keys.Group, List<MessageMetadata>> group : groups.entrySet()) {
        FolderRepository.Pk pk = folders.ensure(connection, group.getKey().folder(), group.getValue().get(0).folder());
        pks.put(group.getKey(), pk);
        ctx.at(sql.t.messages());
        Map<Long, MessageRows.Existing> existing = MessageRows.existing(connection, sql, pk.id(), group.getKey().uidValidity(),
            group.getValue().stream().map(m -> m.key().uid()).distinct().toList());
        for (MessageMetadata m : group.getValue()) {
          if (!existing.containsKey(m.key().uid())) fresh.putIfAbsent(m.key(), m);
        }
      }
      ctx.at(sql.t.messages());
      // New rows by plain INSERT (H2 ran its MERGE ... USING as a scan of the folder's rows per message); the
      // rest by the upsert. A row inserted meanwhile by another writer fails the INSERT, and the retry sees it.
      List<MessageMetadata> stored = items.stream().filter(m -> !fresh.containsKey(m.key()) || fresh.get(m.key()) != m)
          .toList();
      batch(connection, sql.insertMessage(), pks, List.copyOf(fresh.values()));
      batch(connection, sql.upsertMessage(), pks, stored);
      if (!fresh.isEmpty()) insertStepsAndAddresses(connection, ctx, pks, fresh);
      if (!stored.isEmpty()) insertMissingSteps(connection, ctx, pks, stored);
      return null;
    });
  }

  private void batch(Connection connection, String statement, Map<Keys.Group, FolderRepository.Pk> pks,
      List<MessageMetadata> messages) throws SQLException {
    if (messages.isEmpty()) return;
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      for (MessageMetadata m : messages) {
        setMessage(ps, pks.get(new Keys.Group(m.key().folder(), m.key().uidValidity())), m);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The step rows (waiting for the content) and the address rows of the messages this transaction inserted. */
  private void insertStepsAndAddresses(Connection connection, OpContext ctx, Map<Keys.Group, FolderRepository.Pk> pks,
      Map<MessageKey, MessageMetadata> fresh) throws SQLException {
    Map<Keys.Group, List<MessageMetadata>> groups = Keys.byGroup(List.copyOf(fresh.values()), MessageMetadata::key);
    ctx.at(sql.t.messageSteps());
    try (PreparedStatement steps = connection.prepareStatement(sql.insertSteps());
         PreparedStatement addresses = connection.prepareStatement(sql.insertAddress())) {
      for (Map.Entry<Keys.Group, List<MessageMetadata>> group : groups.entrySet()) {
        FolderRepository.Pk pk = pks.get(group.getKey());
        Map<Long, MessageRows.Existing> ids = MessageRows.existing(connection, sql, pk.id(), group.getKey().uidValidity(),
            group.getValue().stream().map(m -> m.key().uid()).toList());
        for (MessageMetadata m : group.getValue()) {
          MessageRows.Existing row = ids.get(m.key().uid());
          if (row == null) throw new SQLException("message " + m.key() + " vanished after insert", "40001");
          steps.setLong(1, row.pk());
          steps.setLong(2, pk.accountPk());
          steps.addBatch();
          AddressRows.addBatch(addresses, sql, row.pk(), pk.accountPk(), m.headers());
        }
      }
      steps.executeBatch();
      ctx.at(sql.t.addresses());
      addresses.executeBatch();
    }
  }

  /**
   * Step rows for messages that the upsert found stored but inserted again (another writer deleted them between
   * the lookup and the upsert): every message row has one.
   */
  private void insertMissingSteps(Connection connection, OpContext ctx, Map<Keys.Group, FolderRepository.Pk> pks,
      List<MessageMetadata> stored) throws SQLException {
    ctx.at(sql.t.messageSteps());
    for (Map.Entry<Keys.Group, List<MessageMetadata>> group : Keys.byGroup(stored, MessageMetadata::key).entrySet()) {
      List<Long> uids = group.getValue().stream().map(m -> m.key().uid()).sorted().distinct().toList();
      for (List<Long> chunk : Keys.chunks(uids, Keys.IN_LIST)) {
        try (PreparedStatement ps = connection.prepareStatement(sql.insertMissingSteps(chunk.size()))) {
          MessageRows.bindUids(ps, pks.get(group.getKey()).id(), group.getKey().uidValidity(), chunk);
          ps.executeUpdate();
        }
      }
    }
  }

  private void setMessage(PreparedStatement ps, FolderRepository.Pk pk, MessageMetadata m) throws SQLException {
    Long date = Params.seconds(m.headers().date());
    Long internal = Params.seconds(m.internalDate());
    ps.setLong(1, pk.id());
    ps.setLong(2, pk.accountPk());
    ps.setLong(3, m.key().uidValidity());
    ps.setLong(4, m.key().uid());
    ps.setString(5, sql.text(m.folder()));
    Params.text(ps, 6, sql, m.headers().messageId());
    Params.text(ps, 7, sql, m.headers().inReplyTo());
    ps.setString(8, sql.text(JsonStrings.encode(m.headers().references())));
    ps.setString(9, sql.text(m.headers().subject()));
    Params.longOrNull(ps, 10, date);
    Params.longOrNull(ps, 11, internal);
    ps.setLong(12, MessageRows.sortDate(date, internal));
    ps.setString(13, sql.text(m.threadId()));
    ps.setString(14, sql.text(JsonStrings.encode(m.flags())));
    ps.setString(15, sql.text(JsonStrings.encode(m.labels())));
    ps.setLong(16, m.size());
    Params.longOrNull(ps, 17, m.gmMsgId());
    Params.longOrNull(ps, 18, m.gmThrId());
  }
}
