package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link MessageMapper#parseHeaders} on raw header blocks as IMAP returns them. */
class HeaderParsingTest {
  private final MessageMapper mapper = new MessageMapper();

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void headerFieldsBlockAsFetched() {
    MessageHeaders headers = mapper.parseHeaders(ascii(
        "Date: Fri, 01 Mar 2024 10:15:00 +0100\r\n"
            + "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.de>\r\n"
            + "To: bench@example.org, \"Doe, Jane\" <jane@example.org>\r\n"
            + "Cc: undisclosed-recipients:;\r\n"
            + "Subject: =?UTF-8?B?4oKsIHJhdGVz?= =?UTF-8?Q?_for_M=C3=A4rz?=\r\n"
            + "Message-ID:  <abc@example.org> \r\n"
            + "In-Reply-To: <parent@example.org>\r\n"
            + "References: <root@example.org>\r\n <parent@example.org>\r\n"
            + "\r\n"));

    assertThat(headers.date()).isEqualTo(Instant.parse("2024-03-01T09:15:00Z"));
    assertThat(headers.from()).containsExactly(new EmailAddress("Jörg Müller", "joerg@example.de"));
    assertThat(headers.to()).containsExactly(new EmailAddress(null, "bench@example.org"),
        new EmailAddress("Doe, Jane", "jane@example.org"));
    assertThat(headers.cc()).isEmpty();
    assertThat(headers.subject()).isEqualTo("€ rates for März");
    assertThat(headers.messageId()).isEqualTo("<abc@example.org>");
    assertThat(headers.inReplyTo()).isEqualTo("<parent@example.org>");
    assertThat(headers.references()).containsExactly("<root@example.org>", "<parent@example.org>");
  }

  @Test
  void encodedWordsInsideQuotedStrings() {
    MessageHeaders headers = mapper.parseHeaders(ascii(
        "From: \"=?utf-8?Q?Bj=C3=B6rn?= (IT)\" <bjorn@example.se>\r\n"
            + "Reply-To: \"=?utf-8?B?5bGx55Sw?=\" <yamada@example.jp>\r\n\r\n"));

    assertThat(headers.from()).containsExactly(new EmailAddress("Björn (IT)", "bjorn@example.se"));
    assertThat(headers.replyTo()).containsExactly(new EmailAddress("山田", "yamada@example.jp"));
  }

  @Test
  void rawUtf8Headers() {
    MessageHeaders headers = mapper.parseHeaders(
        "Subject: Grüße aus Köln ✓\r\nFrom: Zoë Ångström <zoe@example.com>\r\n\r\n".getBytes(StandardCharsets.UTF_8));

    assertThat(headers.subject()).isEqualTo("Grüße aus Köln ✓");
    assertThat(headers.from()).containsExactly(new EmailAddress("Zoë Ångström", "zoe@example.com"));
  }

  @Test
  void raw8BitLatin1Headers() {
    MessageHeaders headers = mapper.parseHeaders(
        "Subject: Caf\u00e9 cr\u00e8me \u0080 5\r\nFrom: Fran\u00e7ois <f@example.fr>\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    // not UTF-8, so windows-1252: 0x80 is the euro sign
    assertThat(headers.subject()).isEqualTo("Café crème € 5");
    assertThat(headers.from()).containsExactly(new EmailAddress("François", "f@example.fr"));
  }

  @Test
  void brokenAndUnknownEncodedWords() {
    MessageHeaders headers = mapper.parseHeaders(ascii(
        "Subject: =?x-unknown?Q?caf=C3=A9?= / =?NONE?B?VEVTVA=?= / =?utf-8?B?broken!!?=\r\n\r\n"));

    assertThat(headers.subject()).startsWith("café / TEST / ");
  }

  @Test
  void badFieldsBecomeNullOrEmpty() {
    MessageHeaders headers = mapper.parseHeaders(ascii(
        "Date: <HR>\r\nFrom: \r\nSubject:\r\nMessage-ID:   \r\nReferences: \r\n\r\n"));

    assertThat(headers.date()).isNull();
    assertThat(headers.from()).isEmpty();
    assertThat(headers.subject()).isEmpty();
    assertThat(headers.messageId()).isNull();
    assertThat(headers.references()).isEmpty();
  }

  @Test
  void missingSubjectIsEmpty() {
    assertThat(mapper.parseHeaders(ascii("From: a@example.org\r\n\r\n")).subject()).isEmpty();
    assertThat(mapper.parseHeaders(new byte[0])).isEqualTo(MessageHeaders.EMPTY);
    assertThat(mapper.parseHeaders(null)).isEqualTo(MessageHeaders.EMPTY);
  }

  @Test
  void foldedSubjectAndGarbageBytesNeverThrow() {
    MessageHeaders headers = mapper.parseHeaders(ascii("Subject: a long\r\n\tfolded subject\r\n\r\n"));
    assertThat(headers.subject()).isEqualTo("a long\tfolded subject");

    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    assertThat(mapper.parseHeaders(garbage)).isNotNull();
  }

  @Test
  void groupsCommentsAndBareAddresses() {
    MessageHeaders headers = mapper.parseHeaders(ascii(
        "To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Mary Smith <mary@x.test>\r\n"
            + "Cc: jdoe@example.com (John Doe), Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>\r\n"
            + "Bcc: tim@powerupdev.com concierge@powerupdev.com\r\n\r\n"));

    assertThat(headers.to()).containsExactly(new EmailAddress("Ed Jones", "c@a.test"),
        new EmailAddress(null, "joe@where.test"), new EmailAddress("John", "jdoe@one.test"),
        new EmailAddress("Mary Smith", "mary@x.test"));
    assertThat(headers.cc()).containsExactly(new EmailAddress("John Doe", "jdoe@example.com"),
        new EmailAddress("Pete", "pete@silly.test"));
    assertThat(headers.bcc()).containsExactly(new EmailAddress(null, "tim@powerupdev.com"),
        new EmailAddress(null, "concierge@powerupdev.com"));
  }
}
