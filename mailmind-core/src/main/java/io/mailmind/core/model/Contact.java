package io.mailmind.core.model;

import java.time.Instant;

/**
 * A correspondent seen in the From, To, Cc, Bcc or Reply-To of the stored messages of an account.
 *
 * @param address      lower-cased addr-spec
 * @param name         the display name seen last (by message date), or {@code null}
 * @param firstSeen    date of the oldest message it appears in
 * @param lastSeen     date of the newest message it appears in
 * @param messageCount how many distinct stored messages it appears in
 */
public record Contact(String accountId, String address, String name, Instant firstSeen, Instant lastSeen, long messageCount) {}
