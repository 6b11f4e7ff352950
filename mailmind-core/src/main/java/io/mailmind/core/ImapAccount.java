package io.mailmind.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An IMAP account to mirror. Holds no secret: the password or token comes from a
 * {@link io.mailmind.core.spi.CredentialsProvider} at connect time. Immutable and thread-safe.
 *
 * @param id                 the account's id in the store (for example {@code user@host})
 * @param host               IMAP host name or address
 * @param port               IMAP port
 * @param security           TLS (default), STARTTLS or PLAIN
 * @param username           login name
 * @param auth               password or XOAUTH2
 * @param trustedCertificate a PEM certificate trusted in addition to the JDK's trust store, or {@code null}
 * @param include            folder globs of this account to sync (empty: all), as {@link SyncOptions#include()}; a
 *                           folder is synced when both these and the engine's {@link SyncOptions} accept it
 * @param exclude            folder globs of this account to skip, as {@link SyncOptions#exclude()}
 */
public record ImapAccount(
    String id, String host, int port, Security security, String username, AuthMechanism auth, Path trustedCertificate,
    List<String> include, List<String> exclude) {

  public ImapAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(auth, "auth");
    if (id.isBlank()) throw new IllegalArgumentException("id was '' but it must not be blank");
    if (host.isBlank()) throw new IllegalArgumentException("host was '' but it must not be blank");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port was '" + port + "' but it must be in 1..65535");
    }
    include = globs(include, "include");
    exclude = globs(exclude, "exclude");
  }

  /** The same account without per-account folder globs (they are empty, or default, when not given). */
  public ImapAccount(String id, String host, int port, Security security, String username, AuthMechanism auth,
      Path trustedCertificate) {
    this(id, host, port, security, username, auth, trustedCertificate, List.of(), List.of());
  }

  private static List<String> globs(List<String> globs, String what) {
    if (globs == null) return List.of();
    for (String glob : globs) {
      Objects.requireNonNull(glob, what + " contains null");
      if (glob.isEmpty()) throw new IllegalArgumentException(what + " glob was '' but it must not be empty");
    }
    return List.copyOf(globs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ImapAccount}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String host;
    private Integer port;
    private Security security = Security.TLS;
    private String username;
    private AuthMechanism auth = AuthMechanism.PASSWORD;
    private Path trustedCertificate;
    private List<String> include = List.of();
    private List<String> exclude = List.of();

    private Builder() {}

    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port was '" + port + "' but it must be in 1..65535");
      }
      this.port = port;
      return this;
    }

    public Builder security(Security security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    public Builder auth(AuthMechanism auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    public Builder trustedCertificate(Path pemFile) {
      this.trustedCertificate = Objects.requireNonNull(pemFile, "pemFile");
      return this;
    }

    /** Folder globs of this account to sync (default: all that the engine's {@link SyncOptions} sync). */
    public Builder include(List<String> globs) {
      this.include = globs(Objects.requireNonNull(globs, "globs"), "include");
      return this;
    }

    /** Folder globs of this account to skip (default: none besides the engine's {@link SyncOptions#exclude()}). */
    public Builder exclude(List<String> globs) {
      this.exclude = globs(Objects.requireNonNull(globs, "globs"), "exclude");
      return this;
    }

    /** Builds the account; id defaults to {@code username@host}, port to the security's default. */
    public ImapAccount build() {
      StringBuilder missing = new StringBuilder();
      if (host == null) missing.append(" host");
      if (username == null) missing.append(" username");
      if (missing.length() > 0) throw new IllegalStateException("ImapAccount is missing:" + missing);
      String effectiveId = id != null ? id : username + "@" + host;
      int effectivePort = port != null ? port : security.defaultPort();
      return new ImapAccount(effectiveId, host, effectivePort, security, username, auth, trustedCertificate, include,
          exclude);
    }
  }
}
