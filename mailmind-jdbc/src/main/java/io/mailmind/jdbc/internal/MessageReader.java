package io.mailmind.jdbc.internal;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.Contact;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.KnownMessage;
import io.mailmind.core.model.StoredRow;
import io.mailmind.core.model.PendingMessage;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reads: message rows with their body and rendered rows (joined, see {@link TextRows}) and their address and
 * attachment rows, each read in one REPEATABLE READ transaction. Reads that need no text ({@code readBack}, counts,
 * pending work) read the message rows alone; {@code knownMessages} looks at a body row only for a message without
 * Markdown. Attachment bytes are not read: their blobs fetch them when opened. Thread-safe.
 */
final class MessageReader {
  private static final int PAGE = 200;
  private static final Comparator<MessageRecord> OLDEST_FIRST = Comparator
      .comparing((MessageRecord r) -> r.metadata().effectiveDate(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
      .thenComparing(MessageRecord::key);

  private final Db db;
  private final SqlDialect sql;
  private final FolderRepository folders;
  private final FileBlobStore files;

  MessageReader(Db db, FolderRepository folders, FileBlobStore files) {
    this.db = db;
    this.sql = db.sql();
    this.folders = folders;
    this.files = files;
  }

  Optional<MessageRecord> message(MessageKey key) {
    return db.read(OpContext.read("message", key).at(sql.t.messages()), connection ->
        query(connection, sql.reads.messageByKey(), ps -> {
          ps.setString(1, key.folder().accountId());
          ps.setString(2, sql.text(key.folder().imapFolder()));
          ps.setLong(3, key.uidValidity());
          ps.setLong(4, key.uid());
        }).stream().findFirst());
  }

  List<MessageRecord> newestFirst(FolderId folderId, int offset, int limit) {
    if (limit == 0) return List.of();
    return db.read(OpContext.read("newestFirst", folderId).at(sql.t.messages()), connection -> {
      Optional<FolderRepository.Pk> pk = folders.find(connection, folderId);
      if (pk.isEmpty()) return List.of();
      return query(connection, sql.reads.newestFirst(), ps -> {
        ps.setLong(1, pk.get().id());
        ps.setInt(2, limit);
        ps.setInt(3, offset);
      });
    });
  }

  List<MessageRecord> byMessageId(String accountId, String messageId) {
    List<MessageRecord> found = db.read(OpContext.read("byMessageId", accountId).at(sql.t.messages()), connection ->
        query(connection, sql.reads.byMessageId(), ps -> {
          ps.setString(1, accountId);
          ps.setString(2, sql.text(messageId));
        }));
    return found.stream().sorted(Comparator.comparing(MessageRecord::key)).toList();
  }

  List<MessageRecord> thread(String accountId, String threadId) {
    List<MessageRecord> found = db.read(OpContext.read("thread", accountId).at(sql.t.messages()), connection ->
        query(connection, sql.reads.byThread(), ps -> {
          ps.setString(1, accountId);
          ps.setString(2, sql.text(threadId));
        }));
    return found.stream().sorted(OLDEST_FIRST).toList();
  }

  Optional<String> html(MessageKey key) {
    return db.read(OpContext.read("html", key).at(sql.t.messages()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.htmlByKey())) {
        ps.setString(1, key.folder().accountId());
        ps.setString(2, sql.text(key.folder().imapFolder()));
        ps.setLong(3, key.uidValidity());
        ps.setLong(4, key.uid());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  Map<Long, String> html(FolderId folderId, long uidValidity, Collection<Long> uids) {
    if (uids.isEmpty()) return Map.of();
    return db.read(OpContext.read("html", folderId).at(sql.t.messages()), connection -> {
      Optional<FolderRepository.Pk> pk = folders.find(connection, folderId);
      if (pk.isEmpty()) return Map.<Long, String>of();
      return MessageRows.html(connection, sql, pk.get().id(), uidValidity, List.copyOf(uids));
    });
  }

  long countMessages(FolderId folderId, long uidValidity) {
    return db.read(OpContext.read("countMessages", folderId).at(sql.t.messages()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.countInFolder())) {
        ps.setString(1, folderId.accountId());
        ps.setString(2, sql.text(folderId.imapFolder()));
        ps.setLong(3, uidValidity);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  long countMessages(String accountId) {
    return db.read(OpContext.read("countMessages", accountId).at(sql.t.messages()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.countMessages())) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** Pages through each folder by UID; the consumer runs between pages, holding no connection. */
  void forEachMessage(String accountId, Consumer<MessageRecord> consumer) {
    for (FolderRepository.Located folder : folders.located(accountId)) {
      OpContext ctx = OpContext.read("forEachMessage", folder.id()).at(sql.t.messages());
      List<Long> uidValidities = db.read(ctx, connection -> {
        List<Long> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.reads.uidValiditiesOfFolder())) {
          ps.setLong(1, folder.pk());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) values.add(rs.getLong(1));
          }
        }
        return values;
      });
      long lastUid = -1;
      long lastUidValidity = -1;
      while (!uidValidities.isEmpty()) {
        long uid = lastUid;
        long uidValidity = lastUidValidity;
        List<MessageRecord> page = db.read(ctx, connection -> uidValidities.size() == 1
            ? query(connection, sql.reads.folderPageOneUidValidity(), ps -> {
                ps.setLong(1, folder.pk());
                ps.setLong(2, uidValidities.get(0));
                ps.setLong(3, uid);
                ps.setInt(4, PAGE);
              })
            : query(connection, sql.reads.folderPage(), ps -> {
                ps.setLong(1, folder.pk());
                ps.setLong(2, uid);
                ps.setLong(3, uid);
                ps.setLong(4, uidValidity);
                ps.setInt(5, PAGE);
              }));
        page.forEach(consumer);
        if (page.size() < PAGE) break;
        MessageKey last = page.get(page.size() - 1).key();
        lastUid = last.uid();
        lastUidValidity = last.uidValidity();
      }
    }
  }

  List<KnownMessage> knownMessages(FolderId folderId, long uidValidity) {
    return db.read(OpContext.read("knownMessages", folderId).at(sql.t.messages()), connection -> {
      List<KnownMessage> known = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.knownMessages())) {
        ps.setString(1, folderId.accountId());
        ps.setString(2, sql.text(folderId.imapFolder()));
        ps.setLong(3, uidValidity);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            known.add(new KnownMessage(rs.getLong(1), ContentState.valueOf(rs.getString(2)),
                JsonStrings.decode(rs.getString(3)), JsonStrings.decode(rs.getString(4)), rs.getInt(5) == 1));
          }
        }
      }
      return known;
    });
  }

  List<StoredRow> readBack(FolderId folderId, long uidValidity) {
    return db.read(OpContext.read("readBack", folderId).at(sql.t.messages()), connection -> {
      List<StoredRow> rows = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.readBack())) {
        ps.setString(1, folderId.accountId());
        ps.setString(2, sql.text(folderId.imapFolder()));
        ps.setLong(3, uidValidity);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows.add(new StoredRow(rs.getLong(1), JsonStrings.decode(rs.getString(2)), rs.getLong(3)));
        }
      }
      return rows;
    });
  }

  List<PendingMessage> pendingMessages(String accountId) {
    return db.read(OpContext.read("pendingMessages", accountId).at(sql.t.messages()), connection -> {
      List<PendingMessage> pending = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.pendingMessages())) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            MessageKey key = new MessageKey(new FolderId(accountId, rs.getString(1)), rs.getLong(2), rs.getLong(3));
            pending.add(new PendingMessage(key, rs.getLong(4),
                rs.getInt(5) == 1 ? PendingMessage.Work.CONTENT : PendingMessage.Work.MARKDOWN));
          }
        }
      }
      return pending;
    });
  }

  List<Contact> contacts(String accountId) {
    List<Contact> contacts = db.read(OpContext.read("contacts", accountId).at(sql.t.addresses()), connection -> {
      Long accountPk = null;
      try (PreparedStatement ps = connection.prepareStatement(sql.accountPk())) {
        ps.setString(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) accountPk = rs.getLong(1);
        }
      }
      if (accountPk == null) return List.<Contact>of();
      Map<String, String> names = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.contactNames())) {
        ps.setLong(1, accountPk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) names.put(rs.getString(1), rs.getString(2));
        }
      }
      List<Contact> result = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.contactCounts())) {
        ps.setLong(1, accountPk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String address = rs.getString(1);
            result.add(new Contact(accountId, address, names.get(address), Params.getSeconds(rs, 2),
                Params.getSeconds(rs, 3), rs.getLong(4)));
          }
        }
      }
      return result;
    });
    return contacts.stream().sorted(Comparator.comparing(Contact::address)).toList();
  }

  // ---- row mapping ----

  /** The columns of a message row, before its addresses and attachments are joined in. */
  private record Row(long pk, MessageKey key, String folder, String messageId, String inReplyTo, List<String> references,
      String subject, Instant date, Instant internalDate, String threadId, List<String> flags, List<String> labels,
      long size, Long gmMsgId, Long gmThrId, String text, String html, String markdown, ContentState state,
      String error, String newText) {}

  private List<MessageRecord> query(Connection connection, String sqlText, Sha256s.Binder binder) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sqlText)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(row(rs));
      }
    }
    if (rows.isEmpty()) return List.of();
    Map<Long, Map<AddressRows.Field, List<EmailAddress>>> addresses = new HashMap<>();
    Map<Long, List<Attachment>> attachments = new HashMap<>();
    List<Long> pks = rows.stream().map(Row::pk).toList();
    for (List<Long> chunk : Keys.chunks(pks, Keys.IN_LIST)) {
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.addressesOf(chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          addresses.putAll(AddressRows.read(rs));
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(sql.reads.attachmentsOf(chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) attachments.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(attachment(rs));
        }
      }
    }
    List<MessageRecord> records = new ArrayList<>(rows.size());
    for (Row row : rows) {
      records.add(record(row, addresses.getOrDefault(row.pk(), Map.of()), attachments.getOrDefault(row.pk(), List.of())));
    }
    return records;
  }

  private static Row row(ResultSet rs) throws SQLException {
    MessageKey key = MessageKey.of(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
    return new Row(rs.getLong(1), key, rs.getString(6), rs.getString(7), rs.getString(8), JsonStrings.decode(rs.getString(9)),
        rs.getString(10), Params.getSeconds(rs, 11), Params.getSeconds(rs, 12), rs.getString(13),
        JsonStrings.decode(rs.getString(14)), JsonStrings.decode(rs.getString(15)), rs.getLong(16), Params.getLong(rs, 17),
        Params.getLong(rs, 18), rs.getString(19), rs.getString(20), rs.getString(21), ContentState.valueOf(rs.getString(22)),
        rs.getString(23), rs.getString(24));
  }

  private static MessageRecord record(Row row, Map<AddressRows.Field, List<EmailAddress>> addresses,
      List<Attachment> attachments) {
    MessageHeaders headers = new MessageHeaders(row.messageId(), row.inReplyTo(), row.references(),
        addresses.get(AddressRows.Field.FROM), addresses.get(AddressRows.Field.TO), addresses.get(AddressRows.Field.CC),
        addresses.get(AddressRows.Field.BCC), addresses.get(AddressRows.Field.REPLY_TO), row.subject(), row.date());
    MessageMetadata metadata = new MessageMetadata(row.key(), row.folder(), headers, row.threadId(), row.internalDate(),
        row.flags(), row.labels(), row.size(), row.gmMsgId(), row.gmThrId());
    return new MessageRecord(metadata, row.text(), row.html(), row.markdown(), row.newText(), attachments, row.state(),
        row.error());
  }

  private Attachment attachment(ResultSet rs) throws SQLException {
    String blobKey = rs.getString(9);
    Blob content = null;
    if (blobKey != null) {
      long blobSize = rs.getLong(10);
      String location = rs.getString(11);
      if (BlobWriter.IN_FILE.equals(location)) {
        content = files != null ? files.blob(blobKey, blobSize) : unreachable(blobKey, blobSize);
      } else {
        content = new ChunkedBlob(db, blobKey, blobSize);
      }
    }
    return new Attachment(rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getBoolean(7),
        rs.getString(8), content);
  }

  /** Bytes kept in a directory this store was not given. */
  private static Blob unreachable(String sha256, long size) {
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openStream() throws IOException {
        throw new IOException("the attachment bytes with sha256 " + sha256 + " are kept in a blob directory;"
            + " build the store with attachmentsInDirectory(...) to read them");
      }
    };
  }
}
