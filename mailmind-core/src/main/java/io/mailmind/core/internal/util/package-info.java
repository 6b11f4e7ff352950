/**
 * Implementation: small helpers that several internal packages need and that depend on nothing else of
 * Mailmind ({@link io.mailmind.core.internal.util.Closeables}, {@link io.mailmind.core.internal.util.Failures}).
 * Each idea is written here once, so that the packages using it do not each carry a copy. Not API.
 */
package io.mailmind.core.internal.util;
