package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Blob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes the bytes of an attachment stored, once per SHA-256, inside the caller's transaction: the blob's row is
 * locked (or inserted) first, so a concurrent collector cannot remove it before the transaction commits. Bytes
 * go to the database in chunks of {@value #CHUNK} bytes (read one chunk at a time, never the whole attachment)
 * or to a {@link FileBlobStore}; either way they are checked against the size and SHA-256 given.
 * Thread-safe.
 */
final class BlobWriter {
  static final int CHUNK = 1024 * 1024;
  static final String IN_DATABASE = "database";
  static final String IN_FILE = "file";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final SqlDialect sql;
  private final FileBlobStore files;

  BlobWriter(SqlDialect sql, FileBlobStore files) {
    this.sql = sql;
    this.files = files;
  }

  /** The key of the bytes with this SHA-256, or a failure naming {@code what} when it is not one. */
  static String key(String sha256, String what) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new MailStoreException(what + " has bytes but its sha256 is not 64 hexadecimal digits");
    }
    return sha256.toLowerCase(Locale.ROOT);
  }

  /** Bytes to store: their declared size, where to read them, and a name for error messages. */
  record Source(long size, Blob blob, String what) {}

  /**
   * Stores the bytes of each source unless they are stored, and locks their rows until the transaction ends,
   * in SHA-256 order: the stored ones with one statement per {@value Keys#IN_LIST}, the others one by one.
   *
   * @param sources by blob key, sorted
   */
  void ensureAll(Connection connection, java.util.SortedMap<String, Source> sources, OpContext ctx)
      throws SQLException, IOException {
    java.util.Map<String, long[]> stored = new java.util.HashMap<>();
    java.util.Map<String, String> locations = new java.util.HashMap<>();
    for (java.util.List<String> chunk : Keys.chunks(java.util.List.copyOf(sources.keySet()), Keys.IN_LIST)) {
      try (PreparedStatement lock = connection.prepareStatement(sql.lockBlobs(chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) lock.setString(i + 1, chunk.get(i));
        try (ResultSet rs = lock.executeQuery()) {
          while (rs.next()) {
            stored.put(rs.getString(1), new long[] {rs.getLong(2)});
            locations.put(rs.getString(1), rs.getString(3));
          }
        }
      }
    }
    for (java.util.Map.Entry<String, Source> entry : sources.entrySet()) {
      String sha256 = entry.getKey();
      Source source = entry.getValue();
      ctx.about(source.what());
      long[] size = stored.get(sha256);
      if (size == null) {
        ensure(connection, sha256, source.size(), source.blob(), source.what()); // absent a moment ago: insert first
      } else {
        checkStored(sha256, source, size[0], locations.get(sha256));
      }
    }
  }

  private void checkStored(String sha256, Source source, long storedSize, String location) throws SQLException, IOException {
    if (storedSize != source.size()) {
      throw new MailStoreException(source.what() + " has size " + source.size()
          + " but the stored bytes with its sha256 have " + storedSize);
    }
    if (IN_FILE.equals(location) && files != null && !files.exists(sha256)) {
      files.write(sha256, source.size(), source.blob(), source.what()); // the file went missing: write it again
    }
  }

  /**
   * Stores the bytes of {@code source} under {@code sha256} unless they are stored, and locks them until the
   * transaction ends. The caller found them absent, so the insert comes first (the statement that locks a stored
   * row is one H2 parses again every time: {@code FOR UPDATE} is never cached); when another transaction inserted
   * them meanwhile, the row is locked and checked instead.
   */
  private void ensure(Connection connection, String sha256, long size, Blob source, String what)
      throws SQLException, IOException {
    for (int round = 0; round < 3; round++) {
      int inserted;
      try (PreparedStatement insert = connection.prepareStatement(sql.insertBlobIfAbsent())) {
        insert.setString(1, sha256);
        insert.setLong(2, size);
        insert.setString(3, files == null ? IN_DATABASE : IN_FILE);
        inserted = insert.executeUpdate();
      }
      if (inserted > 0) {
        if (files != null) {
          files.write(sha256, size, source, what);
        } else {
          writeChunks(connection, sha256, size, source, what);
        }
        return;
      }
      try (PreparedStatement lock = connection.prepareStatement(sql.lockBlob())) {
        lock.setString(1, sha256);
        try (ResultSet rs = lock.executeQuery()) {
          if (rs.next()) {
            checkStored(sha256, new Source(size, source, what), rs.getLong(1), rs.getString(2));
            return;
          }
        }
      }
      // inserted by another transaction and removed again before the lock: insert in the next round
    }
    throw new SQLException("the stored bytes of " + what + " were removed and added concurrently", "40001");
  }

  private void writeChunks(Connection connection, String sha256, long size, Blob source, String what)
      throws SQLException, IOException {
    try (PreparedStatement ps = connection.prepareStatement(sql.insertChunk())) {
      VerifiedCopy.copy(source, size, sha256, CHUNK, what, (index, buffer, length) -> {
        ps.setString(1, sha256);
        ps.setInt(2, index);
        ps.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, length), length);
        ps.executeUpdate();
      });
    }
  }
}
