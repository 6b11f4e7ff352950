package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStringsTest {

  @Test
  void roundTripsAwkwardStrings() {
    List<String> values = List.of("", "\\Seen", "quote \" and backslash \\", "new\nline\ttab\r", "\u0000\u001f",
        "emoji 😀 and 日本", "\u2028\u2029", "lone \ud800 surrogate", "/slash/");
    assertThat(JsonStrings.decode(JsonStrings.encode(values))).isEqualTo(values);
  }

  @Test
  void keepsEmptyListApartFromOneEmptyString() {
    assertThat(JsonStrings.encode(List.of())).isEqualTo("[]");
    assertThat(JsonStrings.encode(List.of(""))).isEqualTo("[\"\"]");
    assertThat(JsonStrings.decode("[]")).isEmpty();
    assertThat(JsonStrings.decode("[\"\"]")).containsExactly("");
  }

  @Test
  void writesReadableJson() {
    assertThat(JsonStrings.encode(List.of("\\Seen", "$Forwarded"))).isEqualTo("[\"\\\\Seen\",\"$Forwarded\"]");
    assertThat(JsonStrings.decode(" [ \"a\" , \"b\" ] ")).containsExactly("a", "b");
    assertThat(JsonStrings.decode("[\"\\u00e9\\/\"]")).containsExactly("é/");
  }

  @Test
  void rejectsWhatIsNotAnArrayOfStrings() {
    for (String bad : List.of("", "[", "[1]", "[\"a\"", "{\"a\":1}", "[\"a\",]", "[\"\\x\"]")) {
      assertThatThrownBy(() -> JsonStrings.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
