package io.mailmind.core.model;

/**
 * What the Markdown task makes of a message's HTML body, stored in one write by
 * {@link io.mailmind.core.spi.MailStore#storeRendered}.
 *
 * @param markdown the Markdown of the HTML body, or {@code null} (clears it: the message waits for its Markdown
 *                 again)
 * @param newText  what the sender wrote: the Markdown without the quoted earlier messages (equal to
 *                 {@code markdown} when nothing is quoted), or {@code null}
 */
public record RenderedBody(String markdown, String newText) {}
