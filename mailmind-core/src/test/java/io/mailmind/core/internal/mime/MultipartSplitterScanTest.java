package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MultipartSplitterScanTest {

  @Test
  @DisplayName("the word-at-a-time line-break scan finds exactly the first CR or LF, at every offset and length")
  void firstBreakMatchesByteByByte() {
    Random random = new Random(7);
    byte[] alphabet = {'\r', '\n', 'a', '-', 0, (byte) 0x8d, (byte) 0x8a, (byte) 0xff, 0x0b, 0x0c, 0x0e, 0x09};
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      int density = 1 + random.nextInt(30);
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(density) == 0 ? alphabet[random.nextInt(2)] : alphabet[2 + random.nextInt(alphabet.length - 2)];
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int limit = from + random.nextInt(b.length - from + 1);
      assertThat(MultipartSplitter.firstBreak(b, from, limit)).as("round %d", round).isEqualTo(naive(b, from, limit));
    }
  }

  @Test
  @DisplayName("the word-at-a-time byte search finds exactly the first occurrence, at every offset and length")
  void firstByteMatchesByteByByte() {
    Random random = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      int density = 1 + random.nextInt(30);
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(density) == 0 ? (byte) '-' : (byte) (",.+/=\r\n" + (char) 0xad).charAt(random.nextInt(8));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int limit = from + random.nextInt(b.length - from + 1);
      int expected = limit;
      for (int i = from; i < limit; i++) {
        if (b[i] == '-') {
          expected = i;
          break;
        }
      }
      assertThat(MultipartSplitter.firstByte(b, from, limit, (byte) '-')).as("round %d", round).isEqualTo(expected);
    }
  }

  private static int naive(byte[] b, int from, int limit) {
    for (int i = from; i < limit; i++) {
      if (b[i] == '\r' || b[i] == '\n') return i;
    }
    return limit;
  }
}
