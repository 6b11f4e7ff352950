package io.mailmind.core.internal.engine;

import io.mailmind.core.Credentials;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.spi.CredentialsProvider;

/**
 * The host's {@link CredentialsProvider} as the engine calls it: a provider that throws or gives no credentials (a
 * password read from an unset variable: {@code Credentials.password(null)} throws {@code NullPointerException:
 * secret}) is a configuration error of the account, a {@link MailConnectionException} of kind
 * {@link MailConnectionException.Kind#CONFIGURATION} that says so. It is then reported once and not retried as if
 * the network had failed. The message never holds a secret. Thread-safe if the provider is.
 */
final class CheckedCredentials implements CredentialsProvider {
  private final CredentialsProvider provider;

  CheckedCredentials(CredentialsProvider provider) {
    this.provider = provider;
  }

  @Override
  public Credentials credentials(ImapAccount account) {
    Credentials credentials;
    try {
      credentials = provider.credentials(account);
    } catch (NullPointerException e) {
      throw failure(account, "the CredentialsProvider gave no password or token (" + e.getMessage()
          + " is null: is the secret configured?)", e);
    } catch (RuntimeException e) {
      throw failure(account, "the CredentialsProvider failed: " + e.getClass().getName(), e);
    }
    if (credentials == null) throw failure(account, "the CredentialsProvider returned null", null);
    return credentials;
  }

  private static MailConnectionException failure(ImapAccount account, String what, Throwable cause) {
    return new MailConnectionException(MailConnectionException.Kind.CONFIGURATION,
        account.id() + " - no credentials for " + account.username() + "@" + account.host() + ": " + what, cause);
  }

  @Override
  public String toString() {
    return provider.toString();
  }
}
