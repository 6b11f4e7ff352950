package io.mailmind.examples.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Gets SHA-256 compiled with the CPU's SHA instructions before the first attachment arrives, in a process that
 * syncs. The JDK's SHA-256 uses those instructions only once C2 has compiled it; in a fresh JVM on a small machine
 * C2's queue is long by the time attachments flow, so the digest ran in plain Java for most of a 14-second sync: 12%
 * of the samples of a cold {@code sync} of the bench's 10,000-message mailbox (bench/README.md). Hashing 4 MiB on a
 * daemon thread at start-up, while the store opens and the connection logs in, puts the compilation in the empty
 * queue: the digest then takes 0.6% of the samples. It costs about 20 ms of CPU once.
 */
final class DigestWarmup {
  /** The commands that sync mail (and hash attachments). */
  static final Set<String> COMMANDS = Set.of("sync", "watch", "node", "serve");
  private static final int SLICE = 8192;
  private static final int SLICES = 512;

  private DigestWarmup() {}

  /** Starts the warm-up for a command that syncs; returns its thread, or null for the other commands. */
  static Thread startFor(String command) {
    if (!COMMANDS.contains(command)) return null;
    Thread thread = new Thread(DigestWarmup::run, "mailmind-digest-warmup");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Hashes {@value #SLICES} slices of {@value #SLICE} bytes, as the mapper feeds the digest. */
  static byte[] run() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] bytes = new byte[SLICE];
      for (int i = 0; i < SLICES; i++) digest.update(bytes, 0, bytes.length);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      return new byte[0]; // every JDK has SHA-256; without it, there is nothing to warm up
    }
  }
}
