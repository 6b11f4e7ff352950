/**
 * Immutable records that cross the SPIs: what the engine hands to a {@link io.mailmind.core.spi.MailStore}
 * and what a store hands back to the host. No Jakarta Mail, jsoup or flexmark type appears here, so a store
 * author needs only mailmind-core.
 *
 * <p>All records are thread-safe (immutable); list components are unmodifiable copies.
 */
package io.mailmind.core.model;
