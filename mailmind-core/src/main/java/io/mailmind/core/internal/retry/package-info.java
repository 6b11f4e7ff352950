/**
 * Runs work again after a failure, by a {@link io.mailmind.core.RetryPolicy}, waiting on an injectable
 * {@link io.mailmind.core.spi.Sleeper}; and the policies of the engine's retries, in one place. Not API.
 */
package io.mailmind.core.internal.retry;
