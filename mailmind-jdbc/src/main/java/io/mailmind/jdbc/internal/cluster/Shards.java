package io.mailmind.jdbc.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which shard an account belongs to: the first four bytes of the SHA-256 of its id (UTF-8), unsigned, modulo the
 * shard count. Stable across processes, JVM versions and languages, and well mixed even for ids that differ in one
 * character ({@code String.hashCode} modulo a power of two is not). It is part of the stored format of a cluster:
 * never change it, or two nodes of different versions would disagree about who owns an account.
 */
public final class Shards {
  private Shards() {}

  /** The shard of {@code accountId} among {@code shardCount} shards: 0 to {@code shardCount - 1}. */
  public static int of(String accountId, int shardCount) {
    if (shardCount < 1) throw new IllegalArgumentException("shardCount was " + shardCount + " but must be at least 1");
    byte[] digest = sha256().digest(accountId.getBytes(StandardCharsets.UTF_8));
    int hash = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
    return Integer.remainderUnsigned(hash, shardCount);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
