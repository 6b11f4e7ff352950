package io.mailmind.core;

import java.util.Objects;

/**
 * A password or an OAuth2 access token. Its {@code toString} never shows the secret. Immutable.
 */
public final class Credentials {
  private final AuthMechanism mechanism;
  private final String secret;

  private Credentials(AuthMechanism mechanism, String secret) {
    this.mechanism = mechanism;
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  public static Credentials password(String password) {
    return new Credentials(AuthMechanism.PASSWORD, password);
  }

  public static Credentials oauth2AccessToken(String token) {
    return new Credentials(AuthMechanism.XOAUTH2, token);
  }

  public AuthMechanism mechanism() {
    return mechanism;
  }

  /** The secret itself; only the connection code should call this. */
  public String secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "Credentials[" + mechanism + ", ****]";
  }
}
