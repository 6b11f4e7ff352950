package io.mailmind.jdbc.internal;

import io.mailmind.core.MailStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies a stream of a known size in pieces of at most {@code pieceSize} bytes (so only one piece is in memory)
 * and checks that it has exactly that size and the given SHA-256.
 */
final class VerifiedCopy {
  /** Receives the bytes piece by piece. */
  @FunctionalInterface
  interface Sink {
    void accept(int index, byte[] buffer, int length) throws java.sql.SQLException, IOException;
  }

  private VerifiedCopy() {}

  /**
   * Copies {@code source}; its bytes are hashed unless the blob says it knows their SHA-256 and that is the one
   * expected (the mapper hashed exactly these bytes a moment ago), the size is always checked.
   *
   * @param what names the attachment in error messages
   * @throws MailStoreException when the bytes do not match the size or the SHA-256
   */
  static void copy(io.mailmind.core.model.Blob source, long size, String sha256, int pieceSize, String what, Sink sink)
      throws java.sql.SQLException, IOException {
    boolean known = source.knownSha256().filter(sha256::equalsIgnoreCase).isPresent();
    try (InputStream in = source.openStream()) {
      copy(in, size, known ? null : sha256, pieceSize, what, sink);
    }
  }

  /**
   * @param sha256 the expected SHA-256, or null to check the size only
   * @param what names the attachment in error messages
   * @throws MailStoreException when the bytes do not match the size or the SHA-256
   */
  static void copy(InputStream in, long size, String sha256, int pieceSize, String what, Sink sink)
      throws java.sql.SQLException, IOException {
    MessageDigest digest = sha256 == null ? null : sha256();
    byte[] buffer = new byte[(int) Math.max(1, Math.min(pieceSize, size))];
    long remaining = size;
    int index = 0;
    while (remaining > 0) {
      int wanted = (int) Math.min(buffer.length, remaining);
      int n = in.readNBytes(buffer, 0, wanted);
      if (n < wanted) {
        throw new MailStoreException(what + " has " + (size - remaining + n) + " bytes but its size says " + size);
      }
      if (digest != null) {
        for (int at = 0; at < n; at += 8192) digest.update(buffer, at, Math.min(8192, n - at)); // see core's Digests
      }
      sink.accept(index++, buffer, n);
      remaining -= n;
    }
    if (in.read() >= 0) {
      throw new MailStoreException(what + " has more bytes than its size says (" + size + ")");
    }
    if (digest != null && !HexFormat.of().formatHex(digest.digest()).equalsIgnoreCase(sha256)) {
      throw new MailStoreException(what + " does not match its sha256");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
