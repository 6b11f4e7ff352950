package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gives each stored trusted certificate (PEM text, public) a file, because an {@link io.mailmind.core.ImapAccount}
 * names its certificate by path: {@code <directory>/<sha-256 of the PEM>.pem}, written once (atomically) per process.
 * The same PEM always maps to the same path, so an unchanged account stays equal to itself from one read of the
 * table to the next. Without a directory, one temporary directory is created at the first certificate.
 * Thread-safe.
 */
public final class CertificateFiles {
  private final Path configured;
  private final Map<String, Path> written = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private Path directory;

  /** @param directory where the files go (created when missing), or null for a temporary directory */
  public CertificateFiles(Path directory) {
    this.configured = directory;
  }

  /**
   * The file holding {@code pem}, written when this process has not yet written it.
   *
   * @throws MailStoreException when it cannot be written
   */
  public Path fileFor(String accountId, String pem) {
    String name = sha256(pem);
    Path known = written.get(name);
    if (known != null) return known;
    lock.lock(); // a lock, not synchronized: the writer blocks on the file system
    try {
      known = written.get(name);
      if (known != null) return known;
      Path file = write(accountId, name, pem);
      written.put(name, file);
      return file;
    } finally {
      lock.unlock();
    }
  }

  private Path write(String accountId, String name, String pem) {
    Path dir = null;
    try {
      dir = directory();
      Path file = dir.resolve(name + ".pem");
      byte[] bytes = pem.getBytes(StandardCharsets.UTF_8);
      if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return file;
      Path temporary = Files.createTempFile(dir, name, ".tmp");
      try {
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return file;
    } catch (IOException e) {
      throw new MailStoreException("could not write the trusted certificate of account '" + accountId + "' to "
          + (dir == null ? "a temporary directory" : dir) + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
  }

  /** Under {@link #lock}. */
  private Path directory() throws IOException {
    if (directory == null) {
      directory = configured != null ? Files.createDirectories(configured)
          : Files.createTempDirectory("mailmind-certificates-");
    }
    return directory;
  }

  private static String sha256(String pem) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
