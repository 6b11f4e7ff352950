package io.mailmind.core.model;

/** How much of a message the store holds. */
public enum ContentState {
  /** Only the metadata phase has run: headers, flags, size; no bodies yet. */
  METADATA_ONLY,
  /** Bodies, attachments and headers are stored. */
  COMPLETE,
  /** The content was fetched but could not be parsed; the metadata is kept and the error says why. */
  ERROR;

  /** The name used in exports: {@code metadata_only}, {@code complete}, {@code error}. */
  public String externalName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
