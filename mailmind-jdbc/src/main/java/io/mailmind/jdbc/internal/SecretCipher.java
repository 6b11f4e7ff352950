package io.mailmind.jdbc.internal;

import io.mailmind.jdbc.AccountSecretException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts account secrets with AES-256-GCM ({@code javax.crypto}): a fresh random 96-bit nonce per secret, a
 * 128-bit tag, and the account id as associated data, so that a secret copied into another account's row does not
 * decrypt. Encrypts under the current key; decrypts under any key it holds, found by the stored key id, which is what
 * makes rotation possible (old secrets stay readable until they are encrypted again under the current key).
 * A wrong key is detected by the tag, never returned as garbled text. Immutable and thread-safe; it never shows a
 * key or a secret.
 */
public final class SecretCipher {
  static final int KEY_BYTES = 32;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param currentKeyId the key new secrets are encrypted under, or null when this cipher only decrypts (or, with
   *                     no keys at all, does neither)
   * @param keysById     every key, the current one included, by id; each 32 bytes (copied)
   */
  public SecretCipher(String currentKeyId, Map<String, byte[]> keysById) {
    Map<String, SecretKeySpec> copy = new LinkedHashMap<>();
    keysById.forEach((id, bytes) -> {
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException("key '" + id + "' has " + bytes.length + " bytes but AES-256 needs " + KEY_BYTES);
      }
      copy.put(id, new SecretKeySpec(bytes, "AES"));
    });
    if (currentKeyId != null && !copy.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("the current key id '" + currentKeyId + "' has no key");
    }
    this.currentKeyId = currentKeyId;
    this.keys = Map.copyOf(copy);
  }

  /** The id of the key new secrets are encrypted under, or null. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** The ids of every key this cipher can decrypt with. */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * Encrypts {@code secret} of {@code accountId} under the current key.
   *
   * @throws IllegalStateException when there is no current key
   */
  public Sealed seal(String accountId, String secret) {
    Objects.requireNonNull(secret, "secret");
    if (currentKeyId == null) {
      throw new IllegalStateException("no current key was given: secrets cannot be encrypted (see JdbcAccounts.Builder.currentKey)");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, accountId);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return new Sealed(currentKeyId, Base64.getEncoder().encodeToString(out.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decrypts the stored secret of {@code accountId}.
   *
   * @throws AccountSecretException when its key id is unknown, the key is not the one it was encrypted with, or
   *     the stored value is damaged
   */
  public String open(String accountId, Sealed sealed) {
    SecretKeySpec key = keys.get(sealed.keyId());
    if (key == null) {
      throw new AccountSecretException("the secret of account '" + accountId + "' is encrypted under key id '"
          + sealed.keyId() + "', which was not given (keys given: " + describeKeys() + ")", accountId, sealed.keyId(), null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed.text());
    } catch (IllegalArgumentException e) {
      throw damaged(accountId, sealed, "not base64");
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) throw damaged(accountId, sealed, "too short");
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(bytes, NONCE_BYTES), accountId);
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new AccountSecretException("the secret of account '" + accountId + "' cannot be decrypted with the key"
          + " given as key id '" + sealed.keyId() + "': it is not the key the secret was encrypted with (wrong key),"
          + " or the stored value was altered", accountId, sealed.keyId(), e);
    } catch (GeneralSecurityException e) {
      throw new AccountSecretException("the secret of account '" + accountId + "' (key id '" + sealed.keyId()
          + "') cannot be decrypted: " + e.getClass().getSimpleName(), accountId, sealed.keyId(), e);
    }
  }

  private static AccountSecretException damaged(String accountId, Sealed sealed, String why) {
    return new AccountSecretException("the stored secret of account '" + accountId + "' (key id '" + sealed.keyId()
        + "') is damaged: " + why, accountId, sealed.keyId(), null);
  }

  private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String accountId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private String describeKeys() {
    if (keys.isEmpty()) return "none";
    return keys.keySet().stream().sorted().map(id -> "'" + id + "'" + (id.equals(currentKeyId) ? " (current)" : ""))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return "SecretCipher[current key id " + currentKeyId + ", " + keys.size() + " keys]";
  }
}
