package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Spaces} against the regular expressions it replaces, on random strings of the characters that matter. */
class SpacesTest {
  private static final char[] ALPHABET = {' ', ' ', '\t', '\n', '\u000B', '\f', '\r', ',', 'a', 'b', '<', '>', '@',
      '\u00A0', '\u2003', '\u0085', '\u001C', 'é'};

  @Test
  void sameAsTheRegularExpressions() {
    Random random = new Random(16);
    for (int n = 0; n < 20_000; n++) {
      char[] chars = new char[random.nextInt(12)];
      for (int i = 0; i < chars.length; i++) chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
      String text = new String(chars);
      assertThat(Spaces.removeAll(text)).as("remove %s", Arrays.toString(chars)).isEqualTo(text.replaceAll("\\s+", ""));
      assertThat(Spaces.collapse(text)).as("collapse %s", Arrays.toString(chars))
          .isEqualTo(text.replaceAll("\\s+", " "));
      assertThat(Spaces.WORD_SEPARATORS.split(text)).isEqualTo(text.split("[\\s,]+"));
      assertThat(Spaces.RUNS.split(text)).isEqualTo(text.split("\\s+"));
    }
  }

  @Test
  void unchangedValuesAreReturnedAsTheyAre() {
    String id = "<a.b@example.org>";
    assertThat(Spaces.removeAll(id)).isSameAs(id);
    String name = "Jörg Müller";
    assertThat(Spaces.collapse(name)).isSameAs(name);
  }
}
