package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import io.mailmind.core.model.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Attachment bytes stored in the database: each read of a stream fetches the next chunk on a connection of its
 * own, so a stream holds at most one chunk and no connection while the caller is not reading. Safe to open
 * from several threads; each stream is for one thread.
 */
final class ChunkedBlob implements Blob {
  private final Db db;
  private final String sha256;
  private final long size;

  ChunkedBlob(Db db, String sha256, long size) {
    this.db = db;
    this.sha256 = sha256;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream openStream() throws IOException {
    if (db.isClosed()) throw new IOException("the store is closed");
    return new ChunkStream();
  }

  @Override
  public String toString() {
    return "Blob[" + size + " bytes, sha256 " + sha256 + ", database]";
  }

  private byte[] chunk(int seq) throws IOException {
    byte[] data;
    try {
      data = db.read(OpContext.read("reading attachment bytes", "sha256 " + sha256 + " chunk " + seq), connection -> {
        try (PreparedStatement ps = connection.prepareStatement(db.sql().readChunk())) {
          ps.setString(1, sha256);
          ps.setInt(2, seq);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
          }
        }
      });
    } catch (MailStoreException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (data == null || data.length == 0) {
      throw new IOException("the attachment bytes with sha256 " + sha256 + " are no longer stored (chunk " + seq + ")");
    }
    return data;
  }

  private final class ChunkStream extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private int nextSeq;
    private long delivered;

    @Override
    public int read() throws IOException {
      if (delivered >= size) return -1;
      if (pos == current.length) {
        current = chunk(nextSeq++);
        pos = 0;
      }
      delivered++;
      return current[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) return 0;
      if (delivered >= size) return -1;
      if (pos == current.length) {
        current = chunk(nextSeq++);
        pos = 0;
      }
      int n = (int) Math.min(Math.min(length, current.length - pos), size - delivered);
      System.arraycopy(current, pos, buffer, offset, n);
      pos += n;
      delivered += n;
      return n;
    }

    @Override
    public int available() {
      return current.length - pos;
    }

    @Override
    public void close() {
      current = new byte[0];
      pos = 0;
      delivered = size;
    }
  }
}
