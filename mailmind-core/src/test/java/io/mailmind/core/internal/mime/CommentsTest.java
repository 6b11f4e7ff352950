package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommentsTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      a@b.example                        | a@b.example
      a(comment)@b.example               | a@b.example
      a(nested (comment))@b.example      | a@b.example
      a(quoted \\) paren)@b.example       | a@b.example
      a(unclosed@b.example               | a
      a)b                                | a)b
      `(x\\`                              | ``
      """)
  void strip_isLenient(String text, String expected) {
    assertThat(Comments.strip(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      1 Jan 2024                         | 1 Jan 2024
      1 Jan(x)2024                       | 1 Jan 2024
      1 Jan 2024 (a (b) \\) c)           | `1 Jan 2024  `
      """)
  void spacedOrNull_replacesEachCommentByASpace(String text, String expected) {
    assertThat(Comments.spacedOrNull(text)).isEqualTo(expected);
  }

  @Test
  void spacedOrNull_rejectsMalformedComments() {
    assertThat(Comments.spacedOrNull("1 Jan 2024 (open")).isNull();
    assertThat(Comments.spacedOrNull("1 Jan 2024 )")).isNull();
    assertThat(Comments.spacedOrNull("1 Jan 2024 (a\0b)")).isNull();
    assertThat(Comments.spacedOrNull("1 Jan 2024 (a\\\0)")).isNull();
    assertThat(Comments.spacedOrNull("1 Jan 2024 (a\\")).isNull();
  }

  @Test
  void contentTypeCommentsHonourQuotedPairs() {
    // a quoted ')' does not close the comment, so "b)" is no part of the type
    assertThat(MimeValue.parse("text/plain (a \\) b); charset=utf-8").value()).isEqualTo("text/plain");
    assertThat(MimeValue.parse("text/(comment)html").value()).isEqualTo("text/html");
  }
}
