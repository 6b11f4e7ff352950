package io.mailmind.jdbc.internal;

import io.mailmind.core.model.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Attachment bytes as files named by their SHA-256 ({@code ab/abcd...}: 256 directories, as Git keeps its
 * objects), so equal bytes are stored once. Files are written to a temporary name and moved into place, so a file
 * under its final name is always complete. Which files are live is recorded in the blobs table; this class only
 * handles the files. Thread-safe.
 *
 * <p>Before version 0.2 the files were two levels deep ({@code ab/cd/abcd...}): with a few thousand attachments
 * nearly every file made two directories of its own, and on the bench's machine those mkdirs cost 1.7 CPU-s of a
 * 12-second sync (bench/README.md). Files in that layout are still found, read, collected and deleted; new files go
 * to the one-level layout.
 */
final class FileBlobStore {
  private static final int PIECE = 64 * 1024;
  private final Path root;
  private final Path tmp;

  FileBlobStore(Path root) throws IOException {
    this.root = root.toAbsolutePath();
    this.tmp = this.root.resolve("tmp");
    Files.createDirectories(tmp);
  }

  Path path(String sha256) {
    String name = sha256.toLowerCase(java.util.Locale.ROOT);
    return root.resolve(name.substring(0, 2)).resolve(name);
  }

  /** Where a file of the two-level layout written before version 0.2 is. */
  Path legacyPath(String sha256) {
    String name = sha256.toLowerCase(java.util.Locale.ROOT);
    return root.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
  }

  boolean exists(String sha256) {
    return Files.isRegularFile(existing(sha256));
  }

  /** The file holding the bytes: the one-level path, else the legacy one (which may not exist either). */
  private Path existing(String sha256) {
    Path path = path(sha256);
    return Files.isRegularFile(path) ? path : legacyPath(sha256);
  }

  /** Copies the bytes (checked against size and SHA-256) into place. */
  void write(String sha256, long size, Blob source, String what) throws IOException, java.sql.SQLException {
    Path part = tmp.resolve(UUID.randomUUID() + ".part");
    try {
      try (OutputStream out = Files.newOutputStream(part)) {
        VerifiedCopy.copy(source, size, sha256, PIECE, what, (index, buffer, length) -> out.write(buffer, 0, length));
      }
      Path target = path(sha256);
      // a stat, where createDirectories alone makes a mkdir that fails with an exception for every existing
      // directory (2.4% of a sync's task-thread CPU in the bench's profile)
      if (!Files.isDirectory(target.getParent())) Files.createDirectories(target.getParent());
      move(part, target);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Moves a blob's file aside (to delete it once the deletion is committed); null when there was none. */
  Path trash(String sha256) throws IOException {
    Path trash = tmp.resolve(sha256 + "." + UUID.randomUUID() + ".trash");
    try {
      move(existing(sha256), trash);
      return trash;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Puts a file moved aside by {@link #trash} back, unless the blob was written again meanwhile. */
  void restore(Path trash, String sha256) throws IOException {
    Path target = path(sha256);
    if (exists(sha256)) {
      Files.deleteIfExists(trash);
    } else {
      Files.createDirectories(target.getParent());
      move(trash, target);
    }
  }

  void delete(Path trash) throws IOException {
    Files.deleteIfExists(trash);
  }

  /**
   * Files last modified before {@code before}: blob files (by SHA-256) and leftovers in the temporary
   * directory (by path). Blob files without a row are left by transactions that rolled back.
   */
  Map<String, Path> filesOlderThan(Instant before) throws IOException {
    Map<String, Path> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isRegularFile(p) || !Files.getLastModifiedTime(p).toInstant().isBefore(before)) continue;
        String name = p.getFileName().toString();
        boolean blobFile = !p.getParent().equals(tmp) && name.length() == 64
            && (p.equals(path(name)) || p.equals(legacyPath(name)) && !Files.isRegularFile(path(name)));
        // (a legacy file beside a one-level one of the same bytes is a redundant copy: collected like a leftover)
        found.put(blobFile ? name : p.toString(), p);
      }
    }
    return found;
  }

  Blob blob(String sha256, long size) {
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openStream() throws IOException {
        return Files.newInputStream(existing(sha256));
      }

      @Override
      public String toString() {
        return "Blob[" + size + " bytes, sha256 " + sha256 + ", file]";
      }
    };
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
