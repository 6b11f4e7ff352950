package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lenient quoted-printable decoding (RFC 2045 6.7): {@code =XX} in either case, soft line breaks also with
 * white space after the {@code =}, white space at line ends dropped, line breaks kept as written, a stray
 * {@code =} kept literally; an {@code =} that ends the input is a soft line break (a body whose text has no final
 * line break ends so, RFC 2045 6.7 rule 5).
 */
final class QuotedPrintableStream extends DecodingStream {
  private final Lookahead in;
  private byte[] pending = new byte[64];
  private int pendingLength;

  QuotedPrintableStream(InputStream in) {
    super(in);
    this.in = new Lookahead(in);
  }

  @Override
  protected boolean decodeMore() throws IOException {
    for (int i = 0; i < 8192; i++) {
      int c = in.next();
      if (c < 0) return false;
      if (c == ' ' || c == '\t') {
        if (pendingLength == pending.length) pending = Arrays.copyOf(pending, pending.length * 2);
        pending[pendingLength++] = (byte) c;
        continue;
      }
      if (c == '\r' || c == '\n') {
        pendingLength = 0;
        emit(c);
        continue;
      }
      if (pendingLength > 0) flushPending();
      if (c != '=') {
        emit(c);
        continue;
      }
      int a = in.peek(0);
      if (a < 0) return false; // a soft line break that ends the body: the text has no final line break
      if (a == '\r' || a == '\n') {
        in.skip(1);
        if (a == '\r' && in.peek(0) == '\n') in.skip(1);
        continue;
      }
      if (a == ' ' || a == '\t') {
        int k = 0;
        int b;
        while ((b = in.peek(k)) == ' ' || b == '\t') k++;
        if (b == '\r' || b == '\n' || b < 0) {
          in.skip(k + 1);
          if (b == '\r' && in.peek(0) == '\n') in.skip(1);
          continue;
        }
        emit('=');
        continue;
      }
      int b = in.peek(1);
      int hi = a < 0 ? -1 : EncodedWords.hex((char) a);
      int lo = b < 0 ? -1 : EncodedWords.hex((char) b);
      if (hi >= 0 && lo >= 0) {
        in.skip(2);
        emit(hi << 4 | lo);
      } else {
        emit('=');
      }
    }
    return true;
  }

  private void flushPending() {
    ensure(pendingLength);
    System.arraycopy(pending, 0, out, outLen, pendingLength);
    outLen += pendingLength;
    pendingLength = 0;
  }
}
