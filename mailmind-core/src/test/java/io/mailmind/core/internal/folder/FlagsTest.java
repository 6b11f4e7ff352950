package io.mailmind.core.internal.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

  @Test
  void putsSystemFlagsFirstThenKeywordsEachInByteOrder() {
    assertThat(Flags.normalize(List.of("$Forwarded", "\\Seen", "Junk", "\\Answered", "$Label1")))
        .containsExactly("\\Answered", "\\Seen", "$Forwarded", "$Label1", "Junk");
  }

  @Test
  void dropsRecentInAnyCase() {
    assertThat(Flags.normalize(List.of("\\Recent", "\\RECENT", "\\Seen"))).containsExactly("\\Seen");
  }

  @Test
  void removesDuplicatesAndCanonicalizesSystemFlagCase() {
    assertThat(Flags.normalize(List.of("\\SEEN", "\\Seen", "\\deleted", "a", "a", "A")))
        .containsExactly("\\Deleted", "\\Seen", "A", "a");
  }

  @Test
  void keepsUnknownBackslashFlagsAndGmailLabelsAsGiven() {
    assertThat(Flags.normalize(List.of("\\Important", "Work/Projects", "\\Inbox", "\\Starred")))
        .containsExactly("\\Important", "\\Inbox", "\\Starred", "Work/Projects");
  }

  @Test
  void sortsByCodePointNotByUtf16Unit() {
    String supplementary = new String(Character.toChars(0x1F600)); // UTF-16 D83D DE00
    String privateUse = "\uE000";
    // String.compareTo would put the supplementary character first (0xD83D < 0xE000)
    assertThat(Flags.normalize(List.of(supplementary, privateUse, "z", "é")))
        .containsExactly("z", "é", privateUse, supplementary);
  }

  @Test
  void returnsAnImmutableListAndHandlesEmptyInput() {
    assertThat(Flags.normalize(Set.of())).isEmpty();
    assertThat(Flags.normalize(List.of("", "\\Seen"))).containsExactly("\\Seen");
    List<String> result = Flags.normalize(List.of("\\Seen"));
    assertThatThrownBy(() -> result.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNullWithTheParameterName() {
    assertThatThrownBy(() -> Flags.normalize(null)).hasMessage("flags");
    assertThatThrownBy(() -> Flags.normalize(Arrays.asList("\\Seen", null))).hasMessage("flags contains null");
  }
}
