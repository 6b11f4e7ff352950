package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.SyncCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Accounts, folders and their sync state. Thread-safe. */
final class FolderRepository {
  /** The row ids of a folder and its account. */
  record Pk(long id, long accountPk) {}

  /** A stored folder with its row id. */
  record Located(FolderId id, long pk) {}

  static final Comparator<FolderId> ORDER =
      Comparator.comparing(FolderId::accountId).thenComparing(FolderId::imapFolder);

  private final Db db;
  private final SqlDialect sql;
  private final BlobCollector collector;

  FolderRepository(Db db, BlobCollector collector) {
    this.db = db;
    this.sql = db.sql();
    this.collector = collector;
  }

  Optional<Pk> find(Connection connection, FolderId id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql.folderPk())) {
      ps.setString(1, id.accountId());
      ps.setString(2, sql.text(id.imapFolder()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Pk(rs.getLong(1), rs.getLong(2))) : Optional.empty();
      }
    }
  }

  /** The folder's ids, inserting it (with an empty checkpoint) and its account when absent. */
  Pk ensure(Connection connection, FolderId id, String logicalName) throws SQLException {
    Optional<Pk> found = find(connection, id);
    if (found.isPresent()) return found.get();
    long accountPk = ensureAccount(connection, id.accountId());
    try (PreparedStatement ps = connection.prepareStatement(sql.insertFolderIfAbsent())) {
      setFolder(ps, accountPk, id, logicalName, List.of(), SyncCheckpoint.NONE);
      ps.executeUpdate();
    }
    return find(connection, id).orElseThrow(() -> new SQLException("folder " + id + " vanished after insert", "40001"));
  }

  private long ensureAccount(Connection connection, String accountId) throws SQLException {
    for (int round = 0; round < 2; round++) {
      try (PreparedStatement ps = connection.prepareStatement(sql.accountPk())) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) return rs.getLong(1);
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(sql.insertAccountIfAbsent())) {
        ps.setString(1, accountId);
        ps.executeUpdate();
      }
    }
    throw new SQLException("account " + accountId + " vanished after insert", "40001");
  }

  private void setFolder(PreparedStatement ps, long accountPk, FolderId id, String name, List<String> attributes,
      SyncCheckpoint checkpoint) throws SQLException {
    ps.setLong(1, accountPk);
    ps.setString(2, sql.text(id.imapFolder()));
    ps.setString(3, sql.text(name));
    ps.setString(4, sql.text(JsonStrings.encode(attributes)));
    ps.setLong(5, checkpoint.uidValidity());
    ps.setLong(6, checkpoint.uidNext());
    ps.setLong(7, checkpoint.highestModSeq());
    Params.longOrNull(ps, 8, Params.millis(checkpoint.lastFullSync()));
  }

  void upsert(Folder folder) {
    OpContext ctx = OpContext.write("upsertFolder", folder.id()).at(sql.t.folders());
    db.write(ctx, connection -> {
      long accountPk = ensureAccount(connection, folder.id().accountId());
      try (PreparedStatement ps = connection.prepareStatement(sql.upsertFolder())) {
        setFolder(ps, accountPk, folder.id(), folder.name(), folder.attributes(), folder.checkpoint());
        ps.executeUpdate();
      }
      return null;
    });
  }

  void saveCheckpoint(FolderId id, SyncCheckpoint checkpoint) {
    OpContext ctx = OpContext.write("saveCheckpoint", id).at(sql.t.folders());
    db.write(ctx, connection -> {
      Pk pk = find(connection, id).orElseThrow(() -> ctx.failure("the folder is not stored; upsert it first"));
      try (PreparedStatement ps = connection.prepareStatement(sql.saveCheckpoint())) {
        ps.setLong(1, checkpoint.uidValidity());
        ps.setLong(2, checkpoint.uidNext());
        ps.setLong(3, checkpoint.highestModSeq());
        Params.longOrNull(ps, 4, Params.millis(checkpoint.lastFullSync()));
        ps.setLong(5, pk.id());
        ps.executeUpdate();
      }
      return null;
    });
  }

  void delete(FolderId id) {
    OpContext ctx = OpContext.write("deleteFolder", id);
    Set<String> freed = db.write(ctx, connection -> {
      Optional<Pk> pk = find(connection, id);
      if (pk.isEmpty()) return Set.<String>of();
      ctx.at(sql.t.attachments());
      Set<String> shas = Sha256s.select(connection, sql.blobsOfFolder(), ps -> ps.setLong(1, pk.get().id()));
      ctx.at(sql.t.folders());
      try (PreparedStatement ps = connection.prepareStatement(sql.deleteFolder())) {
        ps.setLong(1, pk.get().id());
        ps.executeUpdate();
      }
      return shas;
    });
    collector.collectQuietly(freed);
  }

  List<Folder> list(String accountId) {
    List<Folder> folders = db.read(OpContext.read("folders", accountId).at(sql.t.folders()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.foldersOfAccount())) {
        ps.setString(1, accountId);
        return readFolders(ps);
      }
    });
    return folders.stream().sorted(Comparator.comparing(Folder::id, ORDER)).toList();
  }

  Optional<Folder> get(FolderId id) {
    return db.read(OpContext.read("folder", id).at(sql.t.folders()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.folderByKey())) {
        ps.setString(1, id.accountId());
        ps.setString(2, sql.text(id.imapFolder()));
        return readFolders(ps).stream().findFirst();
      }
    });
  }

  /** Every stored folder (of one account, or all when null) with its row id, by account and server name. */
  List<Located> located(String accountId) {
    List<Located> all = db.read(OpContext.read("forEachMessage", accountId).at(sql.t.folders()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(accountId == null ? sql.allFolders() : sql.foldersOfAccount())) {
        if (accountId != null) ps.setString(1, accountId);
        List<Located> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) result.add(new Located(new FolderId(rs.getString(1), rs.getString(2)), rs.getLong(9)));
        }
        return result;
      }
    });
    return all.stream().sorted(Comparator.comparing(Located::id, ORDER)).toList();
  }

  private static List<Folder> readFolders(PreparedStatement ps) throws SQLException {
    List<Folder> folders = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        FolderId id = new FolderId(rs.getString(1), rs.getString(2));
        SyncCheckpoint checkpoint = new SyncCheckpoint(rs.getLong(5), rs.getLong(6), rs.getLong(7), Params.getMillis(rs, 8));
        folders.add(new Folder(id, rs.getString(3), JsonStrings.decode(rs.getString(4)), checkpoint));
      }
    }
    return folders;
  }
}
