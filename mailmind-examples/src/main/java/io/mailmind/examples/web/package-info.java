/**
 * A live web inbox over a {@link io.mailmind.core.spi.MailStore}: the {@code mailmind serve} command and an
 * example of reading the store while Mailmind follows an account. {@link io.mailmind.examples.web.WebInbox} serves,
 * on 127.0.0.1 only, the stored messages newest first, each message's Markdown, and a Server-Sent Events stream
 * that tells the page to re-read its list when new mail is stored. Example code, not API.
 */
package io.mailmind.examples.web;
