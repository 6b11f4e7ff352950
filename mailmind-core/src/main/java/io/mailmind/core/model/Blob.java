package io.mailmind.core.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Bytes that can be read more than once, without being held in memory by the caller: an attachment's decoded
 * content. Stores stream it ({@link #openStream()}) rather than reading it whole.
 *
 * <p>Implementations must be safe to open from several threads.
 */
public interface Blob {

  /** The number of bytes, or -1 when not known in advance. */
  long size();

  /** A fresh stream over the bytes; the caller closes it. */
  InputStream openStream() throws IOException;

  /**
   * The SHA-256 (lower-case hex) of exactly these bytes when whoever made the blob computed it from the very bytes
   * {@link #openStream()} returns (Mailmind's mapper does, for attachments it decoded in memory), so a store may
   * skip hashing them again; empty when not known, and then a store checks the bytes itself.
   */
  default java.util.Optional<String> knownSha256() {
    return java.util.Optional.empty();
  }

  /** Reads the whole blob; for tests and small content only. */
  default byte[] readAllBytes() {
    try (InputStream in = openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Blob of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Blob() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream openStream() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public String toString() {
        return "Blob[" + bytes.length + " bytes]";
      }
    };
  }

  static Blob of(Path file) {
    Objects.requireNonNull(file, "file");
    return new Blob() {
      @Override
      public long size() {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return -1;
        }
      }

      @Override
      public InputStream openStream() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public String toString() {
        return "Blob[" + file + "]";
      }
    };
  }
}
