package io.mailmind.jdbc;

import io.mailmind.core.MailStoreException;

/**
 * The secret of a stored account cannot be decrypted: the key it was encrypted under was not given (unknown key
 * id), or the key given under that id is not the one it was encrypted with (the AES-GCM tag does not match), or the
 * stored value is damaged. Thrown instead of ever handing a garbled secret to a login. The message names the account
 * and the key id, never a key or a secret.
 */
public class AccountSecretException extends MailStoreException {
  private static final long serialVersionUID = 1L;

  private final String accountId;
  private final String keyId;

  public AccountSecretException(String message, String accountId, String keyId, Throwable cause) {
    super(message, cause);
    this.accountId = accountId;
    this.keyId = keyId;
  }

  /** The account whose secret could not be decrypted. */
  public String accountId() {
    return accountId;
  }

  /** The key id its secret is stored under. */
  public String keyId() {
    return keyId;
  }
}
