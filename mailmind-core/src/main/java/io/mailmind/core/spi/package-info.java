/**
 * Extension points: where the host plugs in its storage ({@link io.mailmind.core.spi.MailStore}), its way of
 * running work ({@link io.mailmind.core.spi.TaskExecutor}), its event handling
 * ({@link io.mailmind.core.spi.EventListener}), its account list ({@link io.mailmind.core.spi.AccountSource}),
 * its secrets ({@link io.mailmind.core.spi.CredentialsProvider}) and, for tests, the time retries wait in
 * ({@link io.mailmind.core.spi.Sleeper}).
 *
 * <p>These interfaces may gain methods faster than the rest of the API; new methods come with defaults where
 * a sensible default exists.
 */
package io.mailmind.core.spi;
