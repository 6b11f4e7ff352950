package io.mailmind.jdbc;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.Security;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An account as {@link JdbcAccounts#list()} shows it: its settings, whether it is active and which key its secret is
 * encrypted under, never the secret itself. Immutable.
 *
 * @param trustedCertificatePem the certificate trusted in addition to the JDK's trust store, as PEM text, or null
 * @param include               folder globs to sync (empty: all)
 * @param exclude               folder globs to skip
 * @param keyId                 the id of the key the secret is encrypted under
 */
public record StoredAccount(String id, String host, int port, Security security, String username, AuthMechanism auth,
    String trustedCertificatePem, List<String> include, List<String> exclude, boolean active, String keyId,
    Instant created, Instant updated) {

  public StoredAccount {
    Objects.requireNonNull(id, "id");
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** The settings in one line, without the certificate's text. */
  @Override
  public String toString() {
    return "StoredAccount[" + id + ", " + username + "@" + host + ":" + port + ", " + security + ", " + auth
        + (trustedCertificatePem == null ? "" : ", trusted certificate") + ", include " + include + ", exclude "
        + exclude + (active ? ", active" : ", inactive") + ", key id " + keyId + ", updated " + updated + "]";
  }
}
