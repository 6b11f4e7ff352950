package io.mailmind.core.internal.gmail;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.internal.imap.ListedFolder;
import io.mailmind.testkit.logs.CapturedLog;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GmailFoldersTest {
  private static final List<ListedFolder> GMAIL = List.of(
      new ListedFolder("INBOX", '/', List.of("\\HasNoChildren")),
      new ListedFolder("[Gmail]", '/', List.of("\\HasChildren", "\\Noselect")),
      new ListedFolder("[Gmail]/All Mail", '/', List.of("\\All", "\\HasNoChildren")),
      new ListedFolder("[Gmail]/Sent Mail", '/', List.of("\\HasNoChildren", "\\Sent")),
      new ListedFolder("[Gmail]/Spam", '/', List.of("\\HasNoChildren", "\\Junk")),
      new ListedFolder("[Gmail]/Trash", '/', List.of("\\HasNoChildren", "\\Trash")),
      new ListedFolder("Work", '/', List.of("\\HasNoChildren")));

  @Test
  @DisplayName("only the \\All, \\Junk and \\Trash folders are synced, whatever their names or case")
  void onlyAllMailSpamTrash() {
    Predicate<java.util.Collection<String>> scope = GmailFolders.scope("a", GMAIL);

    assertThat(GMAIL.stream().filter(f -> scope.test(f.attributes())).map(ListedFolder::fullName))
        .containsExactly("[Gmail]/All Mail", "[Gmail]/Spam", "[Gmail]/Trash");
    assertThat(scope.test(List.of("\\all"))).isTrue();
    assertThat(scope.test(List.of("\\AllMail"))).isTrue();
    assertThat(scope.test(List.of("\\Spam"))).isTrue();
    assertThat(scope.test(List.of("\\Important"))).isFalse();
  }

  @Test
  @DisplayName("without an \\All folder every folder is synced")
  void fallbackWithoutAllMail(CapturedLog log) {
    List<ListedFolder> hidden = GMAIL.stream().filter(f -> !f.attributes().contains("\\All")).toList();

    Predicate<java.util.Collection<String>> scope = GmailFolders.scope("a", hidden);

    assertThat(hidden).allMatch(f -> scope.test(f.attributes()));
    assertThat(log.warnings()).singleElement().asString().contains("a - Gmail lists no \\All folder");
  }
}
