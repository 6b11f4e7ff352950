package io.mailmind.core.internal.imap;

import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The full raw bytes of one message ({@code BODY.PEEK[]}): {@code length} bytes of {@code bytes} from
 * {@code offset} (the literal inside the IMAP response's buffer, not copied), or, for a message fetched in pieces,
 * the spool {@code file} they were written to (then {@code bytes} is null). The owner deletes the file with
 * {@link #discard()} once the message is stored.
 *
 * @param gmThrId Gmail's X-GM-THRID, fetched with the body on Gmail; null elsewhere
 */
public record FetchedBody(long uid, byte[] bytes, int offset, int length, Path file, Long gmThrId) {
  public FetchedBody {
    if (bytes == null) Objects.requireNonNull(file, "file");
    else Objects.checkFromIndexSize(offset, length, bytes.length);
  }

  public FetchedBody(long uid, byte[] bytes) {
    this(uid, bytes, 0, bytes.length, null, null);
  }

  /** The message's size in bytes. */
  public long size() {
    if (bytes != null) return length;
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Deletes the spool file, if any; never throws. */
  public void discard() {
    Closeables.deleteQuietly(file);
  }
}
