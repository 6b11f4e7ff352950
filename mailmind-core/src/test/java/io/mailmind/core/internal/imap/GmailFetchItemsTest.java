package io.mailmind.core.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GmailFetchItemsTest {

  private static FetchResponse parse(String line) throws Exception {
    IMAPProtocol protocol = new IMAPProtocol(new ByteArrayInputStream(new byte[0]),
        new PrintStream(OutputStream.nullOutputStream()), new Properties(), false);
    return new FetchResponse(new IMAPResponse(line), GmailFetchItems.ITEMS, protocol);
  }

  @Test
  @DisplayName("stored labels: system labels first, user labels decoded from modified UTF-7, each in byte order")
  void storedForm() {
    assertThat(GmailFetchItems.storedLabels(
        List.of("Work", "\\Inbox", "&AMQ-rger", "\\Important", "Tom &- Jerry", "Work")))
        .containsExactly("\\Important", "\\Inbox", "Tom & Jerry", "Work", "Ärger");
  }

  @Test
  @DisplayName("labels in the bare form of Google's extension page are read, user labels decoded and ordered")
  void bareSystemLabels() throws Exception {
    FetchResponse fetch =
        parse("* 1 FETCH (X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\" &AMQ-rger) UID 7)");

    assertThat(GmailFetchItems.labels(fetch))
        .containsExactly("\\Inbox", "\\Sent", "Important", "Muy Importante", "Ärger");
    assertThat(fetch.getItem(UID.class).uid).isEqualTo(7);
  }

  @Test
  @DisplayName("labels quoted with escaped backslashes, as Gmail sends them today, are read")
  void quotedSystemLabels() throws Exception {
    FetchResponse fetch = parse("* 2 FETCH (UID 9 X-GM-LABELS (\"\\\\Important\" \"\\\\Inbox\" Work))");

    assertThat(GmailFetchItems.labels(fetch)).containsExactly("\\Important", "\\Inbox", "Work");
  }

  @Test
  @DisplayName("an empty label list, and a response without labels, give no labels")
  void noLabels() throws Exception {
    assertThat(GmailFetchItems.labels(parse("* 3 FETCH (X-GM-LABELS () UID 3)"))).isEmpty();
    assertThat(GmailFetchItems.labels(parse("* 3 FETCH (UID 3)"))).isEmpty();
    assertThat(GmailFetchItems.attributes(parse("* 3 FETCH (UID 3)"))).isNull();
  }

  @Test
  @DisplayName("X-GM-MSGID and X-GM-THRID are unsigned 64-bit numbers")
  void unsignedIds() throws Exception {
    FetchResponse fetch = parse("* 4 FETCH (X-GM-MSGID 18446744073709551615 X-GM-THRID 1266894439832287888 UID 4)");

    GmailAttributes attributes = GmailFetchItems.attributes(fetch);
    assertThat(Long.toUnsignedString(attributes.msgId())).isEqualTo("18446744073709551615");
    assertThat(attributes.thrId()).isEqualTo(1266894439832287888L);
    assertThat(attributes.labels()).isEmpty();
  }

  @Test
  @DisplayName("a malformed item drops that response only, as Angus Mail does with any bad response")
  void malformed() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("* 5 FETCH (X-GM-MSGID abc UID 5)"))
        .hasMessageContaining("X-GM-MSGID");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("* 5 FETCH (X-GM-LABELS (Work (x)) UID 5)"))
        .hasMessageContaining("X-GM-LABELS");
  }
}
