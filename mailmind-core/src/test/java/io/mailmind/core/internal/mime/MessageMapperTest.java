package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MessageMapper#map} on synthetic messages: structure rules, broken input, memory behaviour. */
class MessageMapperTest {
  private static final MessageKey KEY = MessageKey.of("acct", "INBOX", 3, 9);
  private final MessageMapper mapper = new MessageMapper();

  private MessageContent map(String message) {
    return mapper.map(KEY, RawMessage.of(message.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void alternativeWithAttachmentsAndRawHeaders() {
    MessageContent content = map("From: a@example.org\r\nSubject: Hi\r\nMessage-ID: <m1@example.org>\r\n"
        + "Content-Type: multipart/mixed; boundary=outer\r\n\r\npreamble\r\n--outer\r\n"
        + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n--inner\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + "Gr=C3=BC=C3=9Fe\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>Gr&uuml;&szlig;e</p>\r\n--inner--\r\n"
        + "--outer\r\nContent-Type: text/plain; name=notes.txt\r\n\r\nnotes\r\n"
        + "--outer\r\nContent-Type: text/plain\r\n\r\nsecond text body, not kept\r\n"
        + "--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--outer--\r\nepilogue\r\n");

    assertThat(content.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(content.error()).isNull();
    assertThat(content.text()).isEqualTo("Grüße");
    assertThat(content.html()).isEqualTo("<p>Gr&uuml;&szlig;e</p>");
    assertThat(content.rawHeaders()).isEqualTo(
        "From: a@example.org\r\nSubject: Hi\r\nMessage-ID: <m1@example.org>\r\n"
            + "Content-Type: multipart/mixed; boundary=outer\r\n");
    assertThat(content.threadId()).isEqualTo("<m1@example.org>");
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType, Attachment::size,
            Attachment::inline)
        .containsExactly(tuple("notes.txt", "text/plain", 5L, false), tuple("a.pdf", "application/pdf", 5L, false));
    assertThat(new String(content.attachments().get(1).content().readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
  }

  @Test
  void garbageNeverThrows() {
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[random.nextInt(20_000)];
      random.nextBytes(garbage);
      if (i % 2 == 0) {
        byte[] prefix = "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, garbage, 0, Math.min(prefix.length, garbage.length));
      }
      MessageContent content = mapper.map(KEY, RawMessage.of(garbage));
      assertThat(content.state()).isIn(ContentState.COMPLETE, ContentState.ERROR);
      if (content.state() == ContentState.ERROR) assertThat(content.error()).isNotBlank();
    }
    assertThat(mapper.map(KEY, RawMessage.of(new byte[0])).state()).isEqualTo(ContentState.COMPLETE);
  }

  @Test
  void nulBytesAreReplaced() {
    MessageContent content = map("Subject: a\0b\r\nFrom: \"x\0y\" <x@example.org>\r\n\r\nbody\0end");

    assertThat(content.headers().subject()).isEqualTo("a\uFFFDb");
    assertThat(content.headers().from().get(0).name()).isEqualTo("x\uFFFDy");
    assertThat(content.text()).isEqualTo("body\uFFFDend");
    assertThat(content.rawHeaders()).doesNotContain("\0");
  }

  @Test
  void tooDeepNestingIsAnErrorWithHeadersAndWhatWasRead() {
    StringBuilder message = new StringBuilder("Subject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
    for (int i = 0; i < 80; i++) {
      message.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i + 1)
          .append("\r\n\r\n");
      if (i == 1) message.append("--b2\r\nContent-Type: text/plain\r\n\r\nshallow text\r\n");
    }
    MessageContent content = map(message.toString());

    assertThat(content.state()).isEqualTo(ContentState.ERROR);
    assertThat(content.error()).contains("nested deeper than");
    assertThat(content.headers().subject()).isEqualTo("deep");
    assertThat(content.text()).isEqualTo("shallow text");
  }

  @Test
  void multipartWithoutBoundaryParameterOrBoundaryLines() {
    MessageContent guessed = map("Content-Type: multipart/mixed\r\n\r\n--zz\r\n\r\nfirst\r\n--zz--\r\n");
    assertThat(guessed.text()).isEqualTo("first");

    MessageContent none = map("Subject: x\r\nContent-Type: multipart/alternative; boundary=nope\r\n\r\njust text\r\n");
    assertThat(none.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(none.text()).isEqualTo("just text\r\n");
  }

  @Test
  void embeddedMessageIsOneAttachmentNamedAfterItsSubject() {
    MessageContent content = map("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        + "Content-Type: text/plain\r\n\r\nsee below\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
        + "Subject: Re: a/b: \"c\"\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--b\r\n"
        + "Content-Type: message/rfc822\r\n\r\nFrom: x@example.org\r\n\r\nno subject\r\n--b--\r\n");

    assertThat(content.text()).isEqualTo("see below");
    assertThat(content.html()).isNull();
    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType)
        .containsExactly(tuple("Re a b c.eml", "message/rfc822"), tuple("message.eml", "message/rfc822"));
  }

  @Test
  void multipartClaimingBase64IsDecodedFirst() {
    String inner = "--i\r\nContent-Type: image/png; name=p.png\r\nContent-ID: <p1>\r\n\r\nPNG!\r\n--i--\r\n";
    MessageContent content = map("Content-Type: multipart/related; boundary=i\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder().encodeToString(inner.getBytes(StandardCharsets.US_ASCII)) + "\r\n");

    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::size, Attachment::inline,
        Attachment::contentId).containsExactly(tuple("p.png", 4L, true, "p1"));
    assertThat(content.attachments().get(0).content().readAllBytes()).isEqualTo("PNG!".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void missingFileIsAnError(@TempDir Path dir) {
    MessageContent content = mapper.map(KEY, RawMessage.of(dir.resolve("gone.eml")));

    assertThat(content.state()).isEqualTo(ContentState.ERROR);
    assertThat(content.error()).startsWith("cannot read message: NoSuchFileException");
    assertThat(content.headers().subject()).isEmpty();
    assertThat(content.threadId()).isNotBlank();
  }

  @Test
  void largeAttachmentInAFileIsStreamedAgainOnEveryOpen(@TempDir Path dir) throws Exception {
    byte[] payload = new byte[6 * 1024 * 1024];
    new Random(1).nextBytes(payload);
    Path file = dir.resolve("big.eml");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(("Subject: big\r\nContent-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n--=_b\r\n"
          + "Content-Type: text/plain\r\n\r\nsee attachment\r\n--=_b\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Disposition: attachment; filename=data.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(Base64.getMimeEncoder().encode(payload));
      out.write("\r\n--=_b--\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    RawMessage raw = RawMessage.of(file);

    MessageContent content = mapper.map(KEY, raw);

    Attachment attachment = content.attachments().get(0);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    assertThat(attachment.size()).isEqualTo(payload.length);
    assertThat(attachment.sha256()).isEqualTo(expected);
    assertThat(attachment.content().size()).isEqualTo(payload.length);
    for (int i = 0; i < 2; i++) {
      try (InputStream in = attachment.content().openStream()) {
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(readAll(in))))
            .isEqualTo(expected);
      }
    }
    assertThat(content.text()).isEqualTo("see attachment");
  }

  @Test
  void blobOfAByteArrayMessageReadsFromTheArray() throws IOException {
    byte[] message = ("Content-Type: image/gif; name=a.gif\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "R0lGODlh\r\n").getBytes(StandardCharsets.US_ASCII);
    Attachment attachment = mapper.map(KEY, RawMessage.of(message)).attachments().get(0);

    try (InputStream first = attachment.content().openStream(); InputStream second = attachment.content().openStream()) {
      assertThat(first.readAllBytes()).isEqualTo("GIF89a".getBytes(StandardCharsets.US_ASCII));
      assertThat(second.readAllBytes()).isEqualTo("GIF89a".getBytes(StandardCharsets.US_ASCII));
    }
    assertThat(attachment.content()).hasToString("Blob[6 bytes]");
  }

  @Test
  void brokenContentTypeOfANamedPartIsGuessedFromTheName() {
    MessageContent content = map("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        + "Content-Type: ; name=\"face.jpg\"\r\n\r\nxx\r\n--b\r\nContent-Type: application\r\n\r\nyy\r\n--b--\r\n");

    assertThat(content.attachments()).extracting(Attachment::filename, Attachment::contentType)
        .containsExactly(tuple("face.jpg", "image/jpeg"), tuple(null, "application/octet-stream"));
  }

  @Test
  void raw8BitHeadersAreReadInTheDeclaredBodyCharset() throws Exception {
    byte[] singlePart = ("Subject: Привет\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\nтекст\r\n")
        .getBytes("KOI8-R");
    byte[] multipart = ("From: Иван <i@example.ru>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        + "Content-Type: text/plain; charset=windows-1251\r\n\r\nтекст\r\n--b--\r\n").getBytes("windows-1251");

    MessageContent single = mapper.map(KEY, RawMessage.of(singlePart));
    MessageContent multi = mapper.map(KEY, RawMessage.of(multipart));

    assertThat(single.headers().subject()).isEqualTo("Привет");
    assertThat(single.text()).isEqualTo("текст\r\n");
    assertThat(mapper.parseHeaders(singlePart).subject()).isEqualTo("Привет");
    assertThat(multi.headers().from().get(0).name()).isEqualTo("Иван");
    assertThat(multi.text()).isEqualTo("текст");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
