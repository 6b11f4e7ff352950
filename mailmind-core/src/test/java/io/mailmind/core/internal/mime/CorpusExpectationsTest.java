package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Exact values for a selection of corpus messages. Expected sizes and SHA-256 were computed independently with
 * Python's stdlib ({@code email.message_from_bytes(..., policy=policy.default)}, {@code get_payload(decode=True)},
 * {@code hashlib}) unless a comment says otherwise; subjects and names were checked against Python's decoding
 * and by reading the raw bytes.
 */
class CorpusExpectationsTest {
  private static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private final MessageMapper mapper = new MessageMapper();

  private MessageContent map(String path) {
    MessageContent content = mapper.map(MessageKey.of("acct", "INBOX", 1, 1), RawMessage.of(Corpus.bytes(path)));
    assertThat(content.state()).as("state of %s (%s)", path, content.error()).isEqualTo(ContentState.COMPLETE);
    return content;
  }

  @Test
  void rfc2047SubjectAndQuotedPrintableUtf8Body() {
    MessageContent content = map("flanker/bilingual-simple.eml");

    assertThat(content.headers().subject()).isEqualTo("Simple text. How are you? Как ты поживаешь?");
    assertThat(content.headers().from()).containsExactly(new EmailAddress("Hello", "hello@example.com"));
    assertThat(content.headers().date()).isEqualTo(Instant.parse("2010-02-07T22:02:38Z"));
    assertThat(content.text()).startsWith("This line is in English\nА эта линия по-русски.");
    assertThat(content.html()).isNull();
    assertThat(content.attachments()).isEmpty();
  }

  @Test
  void rfc2231AndRfc2047FileNameOfAnInlineImage() {
    MessageContent content = map("mikel-mail/attachment_emails/attachment_with_quoted_filename.eml");

    assertThat(content.headers().subject()).isEqualTo("Eelanalüüsi päring");
    assertThat(content.headers().date()).isEqualTo(Instant.parse("2009-05-13T15:42:01Z"));
    assertThat(content.text()).isNull();
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline, Attachment::contentId)
        .containsExactly(tuple("Eelanalüüsi päring.jpg", "image/jpeg", 1952L,
            "87dc350433afd8507ac4db9344ea72ac64bae71671aed61a10a85c10d50bd6b6", true, null));
  }

  @Test
  void longJapaneseRfc2231FileName() {
    MessageContent content = map("mikel-mail/multi_charset/japanese_attachment_long_name.eml");

    assertThat(content.headers().subject()).isEqualTo("まみむめも".repeat(10));
    assertThat(content.headers().from()).containsExactly(new EmailAddress("Mikel Lindsaar", "mikel@test.lindsaar.net"));
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline)
        .containsExactly(tuple("かきくけこ".repeat(5) + ".txt", "text/plain", 18L,
            "ce6a091472e812cedb6cbb9a95b003fc110e5b349f6b39a9aee3cab92b379888", false));
  }

  @Test
  void iso2022jpHeadersAndBody() {
    MessageContent content = map("mikel-mail/multi_charset/japanese_iso_2022.eml");

    assertThat(content.headers().subject()).isEqualTo("まみむめも");
    assertThat(content.headers().to()).containsExactly(new EmailAddress("みける", "raasdnil@gmail.com"));
    assertThat(content.headers().date()).isNull();
    assertThat(content.text()).startsWith("すみません。");
  }

  @Test
  void iso2022jpSubjectWithMicrosoftExtensionCharacter() {
    MessageContent content = map("php-mime-mail-parser/issue116");

    // Python's iso-2022-jp codec fails on 0x2D62 (NUMERO SIGN, a NEC row-13 character); CP50221 has it.
    assertThat(content.headers().subject()).isEqualTo("ЖД№41 от 28.09.2016");
    assertThat(content.text()).startsWith("toto");
    assertThat(content.html()).contains("<body lang=\"RU\"");
  }

  @Test
  void koreanLegacyCharsetBody() {
    MessageContent content = map("mikel-mail/multi_charset/ks_c_5601-1987.eml");

    // b'\xbd\xba\xc6\xbc\xc7\xd8'.decode('euc-kr') in Python
    assertThat(content.text()).isEqualTo("스티해\r\n");
  }

  @Test
  void rawUtf8Headers() {
    MessageContent content = map("mikel-mail/rfc6532/utf8_headers.eml");

    assertThat(content.headers().subject()).isEqualTo("Säying Hello");
    assertThat(content.headers().from()).containsExactly(new EmailAddress("Jöhn Doe", "jdöe@mächine.example"));
    assertThat(content.headers().to()).containsExactly(new EmailAddress("Märy Smith", "märy@exämple.net"));
  }

  @Test
  void raw8BitLatin1Header() {
    MessageContent content = map("flanker/from-encoding.eml");

    assertThat(content.headers().from()).containsExactly(new EmailAddress("Ingo Lütkebohle", "ingo@blank.pages.de"));
    assertThat(content.headers().references())
        .containsExactly("<Pine.BSF.3.95q.970712135859.28530B-100000@valis.worldgate.com>");
    assertThat(content.threadId()).isEqualTo("<Pine.BSF.3.95q.970712135859.28530B-100000@valis.worldgate.com>");
  }

  @Test
  void unknownCharsetFallsBack() {
    MessageContent content = map("mikel-mail/plain_emails/raw_email10.eml");

    assertThat(content.headers().subject()).isEmpty();
    assertThat(content.headers().date()).isEqualTo(Instant.parse("2005-05-10T20:27:03Z"));
    assertThat(content.text()).startsWith("Test test. Hi. Waving. m\r\n").hasSize(272).doesNotContain("\uFFFD");
  }

  @Test
  void implausibleYearGivesNoDate() {
    MessageContent content = map("mikel-mail/plain_emails/raw_email_bad_time.eml");

    assertThat(content.headers().date()).isNull();
    assertThat(content.headers().from()).extracting(EmailAddress::name).containsExactly("Атиковa");
    assertThat(content.text()).startsWith("\r\nFilter2: This message has been scanned");
    assertThat(content.html()).startsWith("<!DOCTYPE HTML PUBLIC");
  }

  @Test
  void koreanRfc2047FileNameAndBrokenBase64() {
    MessageContent content = map("php-mime-mail-parser/m0018");

    assertThat(content.headers().subject()).isEqualTo("[Korea] Name");
    // The image's base64 has 233 characters: 232 decode to 174 bytes, the last one is dropped. Python's email
    // package returns the undecoded text instead (length 1 mod 4); the expected hash is
    // hashlib.sha256(base64.b64decode(text[:232])).
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline, Attachment::contentId)
        .containsExactly(
            tuple("사진.JPG", "image/jpeg", 174L, "3fb9a93b503166ba78e624df1d7a8649c39709d065a9ae979d4705d899f56599",
                false, "59F871198EEDDE47B81E34849CB0ED6F@company.com"),
            tuple("ATT00001.txt", "text/plain", 25L, "a0ca75eaf6e17970737ea55871ad0d1ef0cfe9e100c3c96faf0e76adc588c93b",
                false, "57BAB4E7BA79CB40B41CE0993FA444D4@company.com"));
  }

  @Test
  void inlineImageInMultipartRelated() {
    MessageContent content = map("mimekit/dkim/related.msg");

    assertThat(content.headers().from()).containsExactly(new EmailAddress("Jeffrey Stedfast", "jeff.stedfast@gmail.com"));
    assertThat(content.text()).contains("This is the message body.");
    assertThat(content.html()).contains("<font face=\"Menlo\">");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline, Attachment::contentId)
        .containsExactly(tuple("Christopher-Lloyd-as-Doc-Brown.jpg", "image/jpeg", 156223L,
            "98a17890fca174927f92a21db88d36a3f6680579b077e06d6ee3cd4cfd30ecfa", true, "ii_15071bf7ff349334"));
  }

  @Test
  void rfc2231FileNamesAndAnEmbeddedMessage() {
    MessageContent content = map("php-mime-mail-parser/issue274.eml");

    assertThat(content.text()).isEqualTo("ligne 1\r\nligne 2\r\nligne 3\r\n");
    assertThat(content.html()).isEqualTo("<b>ligne 1<br/>ligne 2<br/>ligne 3</b>\r\n");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256)
        .containsExactly(
            tuple("Hello from SwiftMailer.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 11911L,
                "9dcd7a01142a0e59bdb8275df63daddb5c15ab4f499ac9de30f45f89120795af"),
            tuple("Hello from SwiftMailer.pdf", "application/pdf", 12798L,
                "f31c8a06765eb744d4a01bde71c30438fa5eee45d5e4eb98fb769758dc59b3af"),
            tuple("Hello from SwiftMailer.odt", "application/vnd.oasis.opendocument.text", 9720L,
                "3c38be95f8eb0d36aeb4de00eccf57150524ad7d71e37a5314a9857f279f984b"),
            tuple("Cours-Tutoriels-Serge-Tahé-1568x268.png", "image/png", 42264L,
                "322d6da3466af258308782ee90cac1be20cb646bebe85084a39bbc7a9b4af85f"),
            // the embedded message is one attachment named after its subject; computed by this mapper
            tuple("test-localhost.eml", "message/rfc822", 107190L,
                "e3f936e3b880e27db642f6923d00c944977036322e926d810e326ba7114899f1"));
  }

  @Test
  void byteOrderMarkAndEmbeddedMessage() {
    MessageContent content = map("mimekit/messages/feedback-report.txt");

    assertThat(content.headers().subject()).isEqualTo("FW: Earn money");
    assertThat(content.headers().from()).containsExactly(new EmailAddress(null, "abusedesk@example.com"));
    assertThat(content.headers().date()).isEqualTo(Instant.parse("2005-03-08T21:40:36Z"));
    assertThat(content.rawHeaders()).doesNotStartWith("\uFEFF");
    // the embedded message's bytes (between its part header and the next boundary), hashed in Python
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline)
        .containsExactly(
            tuple(null, "message/feedback-report", 462L,
                "2a296a38f47bae8b0b3027bb8221b5fc6d3496de88f35a2076f38c9dfc63bb95", false),
            tuple("Earn money.eml", "message/rfc822", 433L,
                "1588c0d437676a78506b832a295e76f2eca82f1b50adec84bbc002774734e163", true));
  }

  @Test
  void nulBytesAndMixedLineEndings() {
    MessageContent content = map("mimekit/smime/octet-stream-with-mixed-line-endings.dat");

    assertThat(content.headers().subject()).isEmpty();
    assertThat(content.attachments()).extracting(Attachment::contentType, Attachment::size, Attachment::sha256)
        .containsExactly(
            tuple("application/octet-stream", 43L, "03f381d81a70a3097d265225e981e0c3fad1ea972fb9453d9cdca88e9a3ecb8f"),
            tuple("application/pkcs7-signature", 1953L,
                "28402416c91cd93aa2092d0eaeb2ceecc0b302822277de9dd52554cd0175aa98"));
  }

  @Test
  void missingFinalBoundaryKeepsTheLastPart() {
    MessageContent content = map("flanker/missing-final-boundary.eml");

    assertThat(content.headers().subject()).isEqualTo("Test");
    assertThat(content.text()).isEqualTo("Some body\n");

    MessageContent dkim = map("mimekit/dkim/multipart-no-end-boundary.msg");
    assertThat(dkim.text()).startsWith("Multipart message without closing boundary");
    assertThat(dkim.html()).startsWith("<div dir=\"ltr\">Multipart message without closing boundary");
  }

  @Test
  void bodiesAndAttachmentsAcrossAlternativeRelatedAndMixed() {
    MessageContent content = map("mimekit/messages/body.6.txt");

    assertThat(content.text()).isEqualTo("This is the text body.");
    assertThat(content.html()).isEqualTo("<html>This is an <b>html</b> body.</html>");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::sha256, Attachment::inline)
        .containsExactly(
            tuple("empty.gif", "image/gif", 0L, EMPTY_SHA, true),
            tuple("empty.jpg", "image/jpeg", 0L, EMPTY_SHA, true),
            tuple("document.txt", "text/plain", 29L, "0ecf343ef84eac58d485984760eaadf57acb20820633afd855cd2b83ec467eec",
                false));
  }

  @Test
  void embeddedMessageWithInlineImageIsNotEnteredForBodies() {
    MessageContent content = map("mikel-mail/attachment_emails/attachment_message_rfc822_inline_image.eml");

    assertThat(content.text()).isNull();
    assertThat(content.html()).startsWith("<html><body><img src=\"cid:emedfeb92f-a786-4718-a446-98db8afb53fb@kronos\"");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::inline, Attachment::contentId)
        .containsExactly(
            tuple("img.png", "image/png", 370L, true, "emedfeb92f-a786-4718-a446-98db8afb53fb@kronos"),
            tuple("Testmail.eml", "message/rfc822", 1851L, false, null));
    assertThat(content.attachments().get(0).sha256())
        .isEqualTo("950a114c1cb32b9faf073bdfb6ea00532e85900c76b6eeefc6b2b6a320bec888");
  }

  @Test
  void obsoleteSyntaxFromRfc2822AppendixA() {
    MessageContent content = map("mikel-mail/rfc2822/example13.eml");

    // white space before the colons, comments inside the date and the addresses, a line "__" that the fixture
    // put where the RFC example has a folded line
    assertThat(content.headers().subject()).isEqualTo("Saying Hello");
    assertThat(content.headers().date()).isEqualTo(Instant.parse("1997-11-21T15:55:06Z"));
    assertThat(content.headers().from()).containsExactly(new EmailAddress("John Doe", "jdoe@machine.example"));
    assertThat(content.headers().messageId()).isEqualTo("<1234   @   local(blah)  .machine .example>");
    assertThat(content.text()).startsWith("This is a message just to say hello.");
  }

  @Test
  void tortureTest() {
    MessageContent content = map("flanker/torture.eml");

    assertThat(content.headers().subject()).isEqualTo("Multi-media mail demonstration");
    assertThat(content.headers().from()).containsExactly(new EmailAddress("Mark Crispin", "mrc@CAC.Washington.EDU"));
    assertThat(content.text()).startsWith("This is a demonstration of multi-part mail with encapsulated messages.");
    assertThat(content.attachments()).hasSize(11);
    assertThat(content.attachments()).filteredOn(a -> a.contentType().equals("message/rfc822")).hasSize(8);
  }

  @Test
  void garbledLinesInTheHeaderDoNotEndIt() {
    MessageContent content = map("mimekit/messages/issue358.txt");

    // a long header line was broken without the white space that marks a continuation
    assertThat(content.headers().subject()).isEqualTo("R: R: R: I: FR-selca LA selcaE");
    assertThat(content.text()).isEqualTo("Test headers\n\n");
    assertThat(content.html()).startsWith("<!DOCTYPE HTML PUBLIC");
  }
}
