package io.mailmind.core;

/**
 * Which converter writes HTML bodies as Markdown ({@link SyncOptions#markdownConverter()}). Both get the same
 * cleaned document (what a mail client hides is removed first) and the same limits; only the writing differs.
 * {@code docs/markdown.md} compares them.
 */
public enum MarkdownConverter {
  /** Mailmind's own renderer, written for mail: the default. */
  MAILMIND,
  /**
   * flexmark's HTML converter ({@code com.vladsch.flexmark:flexmark-html2md-converter}), for hosts that already
   * rely on its output. An optional dependency of mailmind-core: add it to the class path to choose this, or
   * {@link SyncOptions.Builder#build()} fails.
   */
  FLEXMARK
}
