package io.mailmind.core.model;

import java.util.Locale;

/** A unit of the engine's work whose duration is measured ({@code mailmind.sync.duration}, tag {@code phase}). */
public enum SyncPhase {
  /** One account sync, from its start to its report (its folders, content and Markdown included). */
  ACCOUNT,
  /** The metadata of one folder: SELECT, compare, delete, flags, headers of new messages. */
  FOLDER,
  /** Fetching the raw messages of one content batch. */
  FETCH,
  /** Parsing and storing one content batch. */
  STORE,
  /** Rendering the Markdown of one batch. */
  MARKDOWN,
  /** The new-mail unit IDLE runs: one folder's changes and the content of its new messages. */
  NEW_MAIL;

  /** The tag value: the lower-case name ({@code new_mail}). */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
