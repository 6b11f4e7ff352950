package io.mailmind.core.internal.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FolderNamesTest {

  @Nested
  class ImapFolderOfDecoded {
    @ParameterizedTest(name = "{0} with delimiter [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        inbox                      | .   | INBOX
        Inbox                      | NIL | INBOX
        INBOX.Sent                 | .   | INBOX/Sent
        Projekte.München           | .   | Projekte/München
        [Gmail]/All Mail           | /   | [Gmail]/All Mail
        a\\b                       | \\  | a/b
        no.hierarchy               | NIL | no.hierarchy
        a/b.c                      | .   | a/b/c
        """)
    void replacesTheDelimiterAndSpellsInboxInCapitals(String decoded, String delimiter, String expected) {
      char delim = delimiter.equals("NIL") ? 0 : delimiter.charAt(0);
      assertThat(FolderNames.imapFolderOfDecoded(decoded, delim)).isEqualTo(expected);
    }

    @Test
    void givesTheNameOfTheRawNameOnceAngusHasDecodedIt() {
      assertThat(FolderNames.imapFolderOfDecoded(ModifiedUtf7.decode("Entw&APw-rfe.Alt"), '.'))
          .isEqualTo("Entwürfe/Alt");
    }
  }

  @Nested
  class IsAllMail {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        \\All \\HasNoChildren  | true
        \\all                   | true
        \\AllMail               | true
        \\ALLMAIL               | true
        \\Archive \\Sent        | false
        \\Allx                  | false
        ''                      | false
        """)
    void findsSpecialUseAllAndXlistAllMailInAnyCase(String attributes, boolean expected) {
      List<String> attrs = attributes.isEmpty() ? List.of() : Arrays.asList(attributes.split(" "));
      assertThat(FolderNames.isAllMail(attrs)).isEqualTo(expected);
    }

    @Test
    void ignoresNullAttributes() {
      assertThat(FolderNames.isAllMail(Arrays.asList(null, "\\All"))).isTrue();
    }
  }

  @Nested
  class LogicalName {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        INBOX              | ''                       | Inbox
        inbox              | \\HasNoChildren          | Inbox
        INBOX              | \\Sent                   | Inbox
        Gesendet           | \\HasNoChildren \\Sent   | Sent
        Entwürfe           | \\Drafts                 | Drafts
        Papierkorb         | \\Trash                  | Trash
        Junk               | \\Junk                   | Spam
        Archiv             | \\Archive                | Archive
        [Gmail]/All Mail   | \\All \\HasNoChildren    | All Mail
        [Gmail]/Starred    | \\Flagged                | Starred
        [Gmail]/Important  | \\Important              | Important
        Sent Items         | \\SENT                   | Sent
        [Gmail]/Spam       | \\Spam                   | Spam
        [Gmail]/All Mail   | \\AllMail                | All Mail
        [Gmail]/Starred    | \\Starred                | Starred
        Work/Projects      | \\HasChildren            | Work/Projects
        Sent               | ''                       | Sent
        Both               | \\Flagged \\All          | All Mail
        Both               | \\Archive \\Sent         | Sent
        Both               | \\Junk \\Trash           | Trash
        """)
    void mapsInboxAndSpecialUseAttributes(String imapFolder, String attributes, String expected) {
      List<String> attrs = attributes.isEmpty() ? List.of() : Arrays.asList(attributes.split(" "));
      assertThat(FolderNames.logicalName(imapFolder, attrs)).isEqualTo(expected);
    }

    @Test
    void ignoresNullAttributes() {
      assertThat(FolderNames.logicalName("x", Arrays.asList(null, "\\Trash"))).isEqualTo("Trash");
    }

    @Test
    void rejectsNullArguments() {
      assertThatThrownBy(() -> FolderNames.logicalName(null, List.of())).hasMessage("imapFolder");
      assertThatThrownBy(() -> FolderNames.logicalName("x", null)).hasMessage("attributes");
    }
  }

  @Nested
  class GmailLogicalName {
    @ParameterizedTest(name = "{0} from {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        \\Inbox \\Important \\Starred Work  | All Mail   | Inbox
        \\Sent \\Inbox                     | All Mail   | Inbox
        \\Important \\Sent Work            | All Mail   | Sent
        Work \\Draft                       | All Mail   | Drafts
        \\DRAFT                            | Drafts     | Drafts
        Zeta Alpha \\Starred               | All Mail   | Alpha
        \\Starred \\Important              | All Mail   | Starred
        \\Important \\Muted                | All Mail   | Important
        ''                                 | All Mail   | All Mail
        \\Inbox \\Spam                     | Spam       | Spam
        \\Inbox Work \\Trash               | Trash      | Trash
        \\Inbox                            | Starred    | Inbox
        M&APw-nchen Work                   | All Mail   | München
        Projects/2024                      | ''         | Projects/2024
        """)
    void choosesOneFolderByPriority(String labels, String fetchedFrom, String expected) {
      List<String> list = labels.isEmpty() ? List.of() : Arrays.asList(labels.split(" "));
      assertThat(FolderNames.gmailLogicalName(list, fetchedFrom.isEmpty() ? null : fetchedFrom))
          .isEqualTo(expected);
    }

    @Test
    void comparesUserLabelsByDecodedNameInByteOrder() {
      // encoded, "&AOk-" (é) sorts before "f"; decoded, "é" (U+00E9) sorts after "f"
      assertThat(FolderNames.gmailLogicalName(List.of("&AOk-t&AOk-", "fall"), null)).isEqualTo("fall");
    }

    @Test
    void ignoresNullAndEmptyLabels() {
      assertThat(FolderNames.gmailLogicalName(Arrays.asList(null, "", "\\Sent"), "All Mail")).isEqualTo("Sent");
    }
  }

  @Nested
  class SyncOrder {
    @Test
    void putsInboxSentDraftsFirstAndAllMailArchiveTrashSpamLast() {
      List<String> names = new ArrayList<>(List.of("Spam", "Trash", "Zeta", "Archive", "All Mail", "Drafts",
          "Alpha", "Sent", "Inbox", "Starred", "Work/Projects", "Important"));
      Collections.shuffle(names, new java.util.Random(42));
      names.sort(FolderNames.syncOrder());
      assertThat(names).containsExactly("Inbox", "Sent", "Drafts", "Alpha", "Important", "Starred",
          "Work/Projects", "Zeta", "All Mail", "Archive", "Trash", "Spam");
    }

    @Test
    void isConsistentWithEquals() {
      assertThat(FolderNames.syncOrder().compare("Inbox", "Inbox")).isZero();
      assertThat(FolderNames.syncOrder().compare("x", "x")).isZero();
      assertThat(FolderNames.syncOrder().compare("x", "y")).isNegative();
    }

    @Test
    void treatsNamesOnlyExactlyAsLogicalNames() {
      List<String> names = new ArrayList<>(List.of("inbox", "Inbox"));
      names.sort(FolderNames.syncOrder());
      assertThat(names).containsExactly("Inbox", "inbox");
    }
  }
}
