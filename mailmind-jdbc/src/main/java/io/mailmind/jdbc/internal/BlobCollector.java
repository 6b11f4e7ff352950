package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes stored attachment bytes that no attachment references any more, one SHA-256 per transaction: the
 * blob's row is locked, its references checked, then it is deleted (with its chunks or its file). A writer
 * that wants the same bytes locks the same row first, so it either sees them deleted and writes them again, or
 * keeps them. Thread-safe.
 */
final class BlobCollector {
  private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);

  private final Db db;
  private final FileBlobStore files;

  BlobCollector(Db db, FileBlobStore files) {
    this.db = db;
    this.files = files;
  }

  /** Collects what it can of {@code sha256s} after the deletion that freed them; failures are only logged. */
  void collectQuietly(Collection<String> sha256s) {
    for (String sha256 : new TreeSet<>(sha256s)) {
      try {
        collect(sha256);
      } catch (MailStoreException | UncheckedIOException e) {
        log.debug("Attachment bytes {} stay until the next collection: {}", sha256, e.getMessage());
      }
    }
  }

  /** Files younger than this may belong to a transaction still running. */
  static final Duration ORPHAN_GRACE = Duration.ofHours(1);

  /**
   * Collects every unreferenced blob, and in a blob directory the files older than {@link #ORPHAN_GRACE} that
   * no row knows (left by transactions that rolled back); returns how many were removed.
   */
  long collectAll() {
    return collectRows() + collectOrphanFiles();
  }

  private long collectOrphanFiles() {
    if (files == null) return 0;
    long removed = 0;
    try {
      for (Map.Entry<String, Path> file : files.filesOlderThan(Instant.now().minus(ORPHAN_GRACE)).entrySet()) {
        if (file.getKey().length() == 64 && blobRowExists(file.getKey())) continue;
        if (Files.deleteIfExists(file.getValue())) removed++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  private boolean blobRowExists(String sha256) {
    return db.read(OpContext.read("collectGarbage", "sha256 " + sha256).at(db.sql().t.blobs()), connection -> {
      try (PreparedStatement ps = connection.prepareStatement(db.sql().blobSize())) {
        ps.setString(1, sha256);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private long collectRows() {
    List<String> candidates = db.read(OpContext.read("collectGarbage", "unreferenced attachment bytes"), connection -> {
      List<String> shas = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(db.sql().unreferencedBlobs());
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) shas.add(rs.getString(1));
      }
      return shas;
    });
    long removed = 0;
    for (String sha256 : candidates) {
      if (collect(sha256)) removed++;
    }
    return removed;
  }

  /** Removes one blob unless it is referenced; true when removed. */
  boolean collect(String sha256) {
    Path[] trash = new Path[1];
    SqlDialect sql = db.sql();
    OpContext ctx = OpContext.write("collecting attachment bytes", "sha256 " + sha256);
    try {
      boolean removed = db.write(ctx, connection -> {
        if (trash[0] != null) { // an earlier attempt moved the file aside, then rolled back
          files.restore(trash[0], sha256);
          trash[0] = null;
        }
        String location;
        ctx.at(sql.t.blobs());
        try (PreparedStatement ps = connection.prepareStatement(sql.lockBlob())) {
          ps.setString(1, sha256);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return false;
            location = rs.getString(2);
          }
        }
        ctx.at(sql.t.attachments());
        try (PreparedStatement ps = connection.prepareStatement(sql.blobReferenced())) {
          ps.setMaxRows(1);
          ps.setString(1, sha256);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) return false;
          }
        }
        ctx.at(sql.t.blobChunks());
        execute(connection, sql.deleteChunks(), sha256);
        ctx.at(sql.t.blobs());
        execute(connection, sql.deleteBlob(), sha256);
        if (BlobWriter.IN_FILE.equals(location) && files != null) {
          trash[0] = files.trash(sha256);
        }
        return true;
      });
      if (trash[0] != null) files.delete(trash[0]);
      return removed;
    } catch (RuntimeException e) {
      if (trash[0] != null) {
        try {
          files.restore(trash[0], sha256);
        } catch (IOException restoreFailure) {
          e.addSuppressed(restoreFailure);
        }
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void execute(java.sql.Connection connection, String sqlText, String sha256) throws java.sql.SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sqlText)) {
      ps.setString(1, sha256);
      ps.executeUpdate();
    }
  }
}
