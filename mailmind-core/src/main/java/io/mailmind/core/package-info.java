/**
 * Mailmind's public API: the {@link io.mailmind.core.Mailmind} entry point and its builder, account and option
 * records, and the exception root {@link io.mailmind.core.MailmindException}.
 *
 * <p>Extension points are in {@code io.mailmind.core.spi}, records that cross them in
 * {@code io.mailmind.core.model}. Packages under {@code io.mailmind.core.internal} are not API: they can change
 * in any release.
 */
package io.mailmind.core;
