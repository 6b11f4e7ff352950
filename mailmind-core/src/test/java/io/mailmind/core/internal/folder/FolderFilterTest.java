package io.mailmind.core.internal.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FolderFilterTest {

  @ParameterizedTest(name = "[{0}] matches [{1}]: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      *              | anything/at/all     | true
      *              | ''                  | true
      Work/*         | Work/Projects/2024  | true
      Work/*         | Work                | false
      Work*          | Work                | true
      Work*          | Workshop            | true
      ?ork           | Work                | true
      ?ork           | ork                 | false
      W?rk           | Wörk                | true
      Archive/20??   | Archive/2024        | true
      Archive/20??   | Archive/202         | false
      Archive/20??   | Archive/20245       | false
      *.bak          | old/x.bak           | true
      *a*b*c         | xaybzc              | true
      *a*b*c         | xaybzcd             | false
      a*a*a*a*b      | aaaaaaaaaaaaaaaaaaa | false
      work           | Work                | false
      [Gmail]/*      | [Gmail]/All Mail    | true
      ?              | 😀                  | true
      ??             | 😀                  | false
      """)
  void matchesGlobs(String glob, String name, boolean expected) {
    assertThat(FolderFilter.of(List.of(glob), List.of()).accepts(name)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}] matches [{1}]: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      INBOX       | INBOX          | true
      inbox       | INBOX          | true
      Inbox       | INBOX          | true
      INBOX       | inbox          | true
      inbox/*     | INBOX/Orders   | true
      inbox/*     | INBOX/orders   | true
      INBOX/o*    | INBOX/Orders   | false
      Inbox*      | INBOX          | true
      Inbox*      | Inboxes        | true
      Inbox*      | INBOXES        | false
      inbox       | Inboxes        | false
      INBOXES     | inboxes        | false
      """)
  void treatsOnlyTheInboxLevelCaseInsensitively(String glob, String name, boolean expected) {
    assertThat(FolderFilter.of(List.of(glob), List.of()).accepts(name)).isEqualTo(expected);
  }

  @Test
  void emptyIncludeAcceptsAll() {
    FolderFilter filter = FolderFilter.of(List.of(), List.of());
    assertThat(filter.accepts("INBOX")).isTrue();
    assertThat(filter.accepts("any/thing")).isTrue();
  }

  @Test
  void excludeWinsOverInclude() {
    FolderFilter filter = FolderFilter.of(List.of("Work/*", "INBOX"), List.of("*/Old*", "[Gmail]/*"));
    assertThat(filter.accepts("Work/Projects")).isTrue();
    assertThat(filter.accepts("Work/Old Projects")).isFalse();
    assertThat(filter.accepts("INBOX")).isTrue();
    assertThat(filter.accepts("Private")).isFalse();
  }

  @Test
  void excludeAloneSkipsOnlyWhatItMatches() {
    FolderFilter filter = FolderFilter.of(List.of(), List.of("Trash", "Spam"));
    assertThat(filter.accepts("Trash")).isFalse();
    assertThat(filter.accepts("Trash/Sub")).isTrue();
    assertThat(filter.accepts("INBOX")).isTrue();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> FolderFilter.of(null, List.of())).hasMessage("include");
    assertThatThrownBy(() -> FolderFilter.of(List.of(), null)).hasMessage("exclude");
    assertThatThrownBy(() -> FolderFilter.of(Arrays.asList("a", null), List.of()))
        .hasMessage("include contains null");
    assertThatThrownBy(() -> FolderFilter.of(List.of(), List.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exclude glob was '' but it must not be empty");
    assertThatThrownBy(() -> FolderFilter.of(List.of(), List.of()).accepts(null)).hasMessage("imapFolder");
  }
}
