package io.mailmind.jdbc.internal;

import java.util.Objects;

/**
 * A secret as stored: the id of the key it is encrypted under and base64(nonce || ciphertext and tag). Its
 * {@code toString} shows the key id only. Immutable.
 */
public record Sealed(String keyId, String text) {

  public Sealed {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "Sealed[keyId=" + keyId + ", ****]";
  }
}
