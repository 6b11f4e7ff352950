package io.mailmind.core.internal.folder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModifiedUtf7Test {

  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      INBOX                                   | INBOX
      ''                                      | ''
      Entw&APw-rfe                            | Entwürfe
      &ZeVnLIqe-                              | 日本語
      ~peter/mail/&U,BTFw-/&ZeVnLIqe-         | ~peter/mail/台北/日本語
      R&-D                                    | R&D
      &--&-                                   | &-&
      Gesendete Objekte                       | Gesendete Objekte
      &BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-      | Отправленные
      &2D3eAA-                                | 😀
      caf&AOk- &2D3eAA- &AOk-                 | café 😀 é
      &AOkA6QDp-                              | ééé
      """)
  void decodesAndEncodesRfc3501Examples(String encoded, String decoded) {
    assertThat(ModifiedUtf7.decode(encoded)).isEqualTo(decoded);
    assertThat(ModifiedUtf7.encode(decoded)).isEqualTo(encoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "&",              // no terminating '-'
      "abc&AOk",        // run never ends
      "&AO!-",          // '!' is not in the alphabet
      "&AO/p-",         // '/' is ordinary BASE64, not modified
      "&AOk=-",         // padding is not allowed
      "&AOl-",          // leftover bits not zero
      "&AA-",           // one byte only: odd byte count
      "&A-",            // 6 bits: not even one byte
      "&2D0-",          // lone high surrogate
      "&3gA-",          // lone low surrogate
      "ok &AOk- then &broken",
  })
  void returnsMalformedInputUnchanged(String malformed) {
    assertThat(ModifiedUtf7.decode(malformed)).isSameAs(malformed);
  }

  @Test
  void passesThroughCharactersOutsideAsciiAsUtf8ServersSendThem() {
    assertThat(ModifiedUtf7.decode("Entwürfe &AOk-")).isEqualTo("Entwürfe é");
  }

  @Test
  void acceptsAsciiThatWasEncodedNeedlessly() {
    // "A" encoded (forbidden by RFC 3501 but seen in the wild): still decodable without loss
    assertThat(ModifiedUtf7.decode("&AEE-")).isEqualTo("A");
  }

  @Test
  void encodesControlCharactersAndMergesAdjacentOnes() {
    assertThat(ModifiedUtf7.encode("a\tb")).isEqualTo("a&AAk-b");
    assertThat(ModifiedUtf7.decode("a&AAk-b")).isEqualTo("a\tb");
    assertThat(ModifiedUtf7.encode("éé")).isEqualTo("&AOkA6Q-");
  }

  @Test
  void roundTripsEveryBmpCharacterOutsideAsciiAndSomeSupplementaryOnes() {
    StringBuilder all = new StringBuilder();
    for (char c = 0x80; c < 0xD800; c += 7) {
      all.append(c);
    }
    all.append("x&y").appendCodePoint(0x1F600).appendCodePoint(0x10FFFF).append('\u00e9');
    String name = all.toString();
    String encoded = ModifiedUtf7.encode(name);
    assertThat(encoded).matches("[\\x20-\\x7e]*");
    assertThat(ModifiedUtf7.decode(encoded)).isEqualTo(name);
  }
}
