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
   * @param what names the attachment in error messages
   * @throws MailStoreException when the bytes do not match the size or the SHA-256
   */
  static void copy(InputStream in, long size, String sha256, int pieceSize, String what, Sink sink)
      throws java.sql.SQLException, IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[(int) Math.max(1, Math.min(pieceSize, size))];
    long remaining = size;
    int index = 0;
    while (remaining > 0) {
      int wanted = (int) Math.min(buffer.length, remaining);
      int n = in.readNBytes(buffer, 0, wanted);
      if (n < wanted) {
        throw new MailStoreException(what + " has " + (size - remaining + n) + " bytes but its size says " + size);
      }
      digest.update(buffer, 0, n);
      sink.accept(index++, buffer, n);
      remaining -= n;
    }
    if (in.read() >= 0) {
      throw new MailStoreException(what + " has more bytes than its size says (" + size + ")");
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equalsIgnoreCase(sha256)) {
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
