package io.mailmind.core.internal.folder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8ByteOrderTest {

  @Test
  void agreesWithUnsignedUtf8ByteComparison() {
    List<String> samples = List.of("", "a", "ab", "b", "Z", "é", "\uE000", "\uFFFF", "\uD83D\uDE00", "a\uD83D\uDE00",
        "a\uE000", "\u0080", "\u07FF", "\u0800", new String(Character.toChars(0x10FFFF)));
    for (String a : samples) {
      for (String b : samples) {
        int expected = Integer.signum(Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        assertThat(Integer.signum(Utf8ByteOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
      }
    }
  }

  @Test
  void sortsAPrefixFirst() {
    List<String> list = new ArrayList<>(List.of("abc", "ab", "a"));
    list.sort(Utf8ByteOrder.COMPARATOR);
    assertThat(list).containsExactly("a", "ab", "abc");
  }
}
