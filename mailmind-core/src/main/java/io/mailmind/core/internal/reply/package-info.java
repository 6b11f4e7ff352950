/**
 * Implementation: the new text of a message, what its sender wrote, without the quoted earlier messages:
 * {@link io.mailmind.core.internal.reply.QuotedHtml} on an HTML body's jsoup tree (the clients' marks: Gmail, Apple
 * Mail, Outlook desktop and on the web, Thunderbird, Yahoo), {@link io.mailmind.core.internal.reply.QuotedText} on a
 * plain-text body ({@code >} blocks, "On … wrote:" in seven languages, header blocks). Both keep every line that is
 * not recognisably quoted. Depends on jsoup only; {@code internal.mime} calls it. Not API.
 */
package io.mailmind.core.internal.reply;
