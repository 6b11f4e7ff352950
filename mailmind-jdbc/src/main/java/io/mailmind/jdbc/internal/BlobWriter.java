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

  /**
   * Stores the bytes of {@code source} under {@code sha256} unless they are stored, and locks them until the
   * transaction ends.
   */
  void ensure(Connection connection, String sha256, long size, Blob source, String what) throws SQLException, IOException {
    for (int round = 0; round < 3; round++) {
      try (PreparedStatement lock = connection.prepareStatement(sql.lockBlob())) {
        lock.setString(1, sha256);
        try (ResultSet rs = lock.executeQuery()) {
          if (rs.next()) {
            long storedSize = rs.getLong(1);
            if (storedSize != size) {
              throw new MailStoreException(what + " has size " + size + " but the stored bytes with its sha256 have "
                  + storedSize);
            }
            if (IN_FILE.equals(rs.getString(2)) && files != null && !files.exists(sha256)) {
              files.write(sha256, size, source, what); // the file went missing: write it again
            }
            return;
          }
        }
      }
      int inserted;
      try (PreparedStatement insert = connection.prepareStatement(sql.insertBlobIfAbsent())) {
        insert.setString(1, sha256);
        insert.setLong(2, size);
        insert.setString(3, files == null ? IN_DATABASE : IN_FILE);
        inserted = insert.executeUpdate();
      }
      if (inserted == 0) continue; // inserted by another transaction meanwhile: lock it in the next round
      if (files != null) {
        files.write(sha256, size, source, what);
      } else {
        writeChunks(connection, sha256, size, source, what);
      }
      return;
    }
    throw new SQLException("the stored bytes of " + what + " were removed and added concurrently", "40001");
  }

  private void writeChunks(Connection connection, String sha256, long size, Blob source, String what)
      throws SQLException, IOException {
    try (InputStream in = source.openStream(); PreparedStatement ps = connection.prepareStatement(sql.insertChunk())) {
      VerifiedCopy.copy(in, size, sha256, CHUNK, what, (index, buffer, length) -> {
        ps.setString(1, sha256);
        ps.setInt(2, index);
        ps.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, length), length);
        ps.executeUpdate();
      });
    }
  }
}
