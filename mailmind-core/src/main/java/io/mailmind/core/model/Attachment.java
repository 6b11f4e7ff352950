package io.mailmind.core.model;

import java.util.Objects;

/**
 * One attachment of a message (any leaf part that is not one of the chosen bodies and has a filename, a
 * Content-Disposition of attachment, or is a non-text leaf).
 *
 * @param filename    decoded file name or {@code null}
 * @param contentType lower-case {@code type/subtype} without parameters
 * @param size        size of the transfer-decoded bytes
 * @param sha256      lower-case hex SHA-256 of the transfer-decoded bytes
 * @param inline      true for inline parts (Content-Disposition inline, or images in multipart/related)
 * @param contentId   Content-ID without angle brackets, or {@code null}
 * @param content     the decoded bytes; may be {@code null} on records read back without content
 */
public record Attachment(
    String filename, String contentType, long size, String sha256, boolean inline, String contentId, Blob content) {

  public Attachment {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The same attachment without its bytes (for comparisons and listings). */
  public Attachment withoutContent() {
    return new Attachment(filename, contentType, size, sha256, inline, contentId, null);
  }
}
