package io.mailmind.jdbc.internal;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Security;
import java.util.List;
import java.util.Objects;

/**
 * One row of the accounts table without its secret. Immutable.
 *
 * @param certificatePem the trusted certificate as PEM text, or null
 * @param keyId          the id of the key its secret is encrypted under
 */
public record AccountRow(String accountId, String host, int port, Security security, String username,
    AuthMechanism auth, String certificatePem, List<String> include, List<String> exclude, boolean active,
    String keyId, long createdMs, long updatedMs) {

  public AccountRow {
    Objects.requireNonNull(accountId, "accountId");
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  @Override
  public String toString() {
    return "AccountRow[" + accountId + ", " + username + "@" + host + ":" + port + ", " + security + ", " + auth
        + (active ? ", active" : ", inactive") + ", key id " + keyId + "]";
  }
}
