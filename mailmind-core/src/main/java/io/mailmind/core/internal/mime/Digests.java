package io.mailmind.core.internal.mime;

import java.security.MessageDigest;

/**
 * Feeds a digest in slices of {@value #SLICE} bytes. The JDK's SHA-256 runs on the CPU's SHA instructions only once
 * C2 has compiled its update method with the intrinsic; one call with megabytes runs in the interpreter's loop
 * meanwhile. Many small calls get the update method compiled sooner. Measured: in a long-running engine the digest
 * then costs 0.2% of a full mirror's samples; in a fresh 20-second CLI process on 2 cores the update method is
 * compiled, but only by C1 (C2's queue is long there), and the digest is still 16% (see bench/README.md). The slices
 * cost nothing measurable.
 */
final class Digests {
  static final int SLICE = 8192;

  private Digests() {}

  static void update(MessageDigest digest, byte[] bytes, int offset, int length) {
    int end = offset + length;
    for (int at = offset; at < end; at += SLICE) {
      digest.update(bytes, at, Math.min(SLICE, end - at));
    }
  }
}
