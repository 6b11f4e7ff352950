package io.mailmind.core.spi;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;

/**
 * Gives the secret for an account when the engine connects, so secrets never sit in the account record.
 * Called at each connect (OAuth2 tokens can be refreshed between calls). Must be thread-safe.
 */
@FunctionalInterface
public interface CredentialsProvider {

  /** The credentials to log in to {@code account} now. */
  Credentials credentials(ImapAccount account);
}
