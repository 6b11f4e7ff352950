package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decoding pieces: dates, parameters, transfer encodings, charsets. */
class DecodingTest {

  @Nested
  class Dates {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Fri, 21 Nov 1997 09:55:06 -0600 | 1997-11-21T15:55:06Z",
        "21 Nov 97 09:55:06 GMT | 1997-11-21T09:55:06Z",
        "Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time) | 1969-02-14T03:02:00Z",
        "Fri, 21 Nov 1997 09(comment):   55  :  06 -0600 | 1997-11-21T15:55:06Z",
        "Wed, 17 Nov 2010 15:02:19 EST | 2010-11-17T20:02:19Z",
        "Tue, 28 May 1996 12:24:23 cst | 1996-05-28T18:24:23Z",
        "Mon, 22 Apr 96 18:20:32 -0500 | 1996-04-22T23:20:32Z",
        "Fri, 23 Aug 2002 2:32:53 -0400 | 2002-08-23T06:32:53Z",
        "Wed, 20 Sep 1995 00:19:00 (EDT) -0400 | 1995-09-20T04:19:00Z",
        "Tue, 12 Oct 2010 16:21:05 H0500 | 2010-10-12T16:21:05Z",
        "Mon Apr 14 15:28:40 2008 | 2008-04-14T15:28:40Z",
        "2008-04-14T15:28:40+02:00 | 2008-04-14T13:28:40Z",
        "14-Apr-2008 15:28:40 +0000 | 2008-04-14T15:28:40Z",
    })
    void lenient(String value, String expected) {
      assertThat(DateParser.parse(value)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<HR>", "Mon, 30 Jun 3609 15:33:50 +0600", "Wed, 15 Dec 2010    59:10 -0500", "Pn, 29 paX 2007 21:13:00 +0100",
        "Sat, 31 Feb 2009 10:00:00 +0000", "' '", "Mon, 1 Jan 1850 00:00:00 +0000"})
    void unparsableOrImplausibleIsNull(String value) {
      assertThat(DateParser.parse(value)).isNull();
    }
  }

  @Nested
  class Parameters {
    @Test
    void rfc2231ContinuationsAndCharset() {
      MimeValue value = MimeValue.parse("attachment; filename*0*=UTF-8''%E2%82%AC%20rates; filename*1=\".pdf\"");

      assertThat(value.value()).isEqualTo("attachment");
      assertThat(value.text("filename")).isEqualTo("€ rates.pdf");
    }

    @Test
    void rfc2231WinsOverPlainAndRfc2047InQuotes() {
      assertThat(MimeValue.parse("attachment; filename=\"fallback.pdf\"; filename*=utf-8'en'na%C3%AFve.pdf")
          .text("filename")).isEqualTo("naïve.pdf");
      assertThat(MimeValue.parse("image/jpeg; name=\"=?ks_c_5601-1987?B?u+fB+C5KUEc=?=\"").text("name"))
          .isEqualTo("사진.JPG");
    }

    @Test
    void lenientSyntax() {
      MimeValue value = MimeValue.parse("Text/HTML ; charset = \"iso-8859-1\" ;; name=my file.txt; "
          + "boundary=\"a\\\"b\"");

      assertThat(value.value()).isEqualTo("text/html");
      assertThat(value.raw("charset")).isEqualTo("iso-8859-1");
      assertThat(value.text("name")).isEqualTo("my file.txt");
      assertThat(value.raw("boundary")).isEqualTo("a\"b");
      assertThat(MimeValue.parse(null).value()).isEmpty();
    }
  }

  @Nested
  class TransferEncodings {
    private String decode(TransferEncoding encoding, String encoded) throws IOException {
      try (InputStream in = encoding.decode(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.ISO_8859_1)))) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
    }

    @Test
    void misspeltValuesMeanNotEncoded() {
      assertThat(TransferEncoding.of("7-bit")).isEqualTo(TransferEncoding.IDENTITY);
      assertThat(TransferEncoding.of("text/html")).isEqualTo(TransferEncoding.IDENTITY);
      assertThat(TransferEncoding.of(" Base64;")).isEqualTo(TransferEncoding.BASE64);
      assertThat(TransferEncoding.of("\"quoted-printable\"")).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
      assertThat(TransferEncoding.of("x-uuencode")).isEqualTo(TransferEncoding.UUENCODE);
    }

    @Test
    void quotedPrintableDecodesWhateverTheSourceSaysIsAvailable() throws IOException {
      // its read buffer is sized by available(): exact for a part in memory, less for others, Integer.MAX_VALUE for a
      // spooled part over 2 GiB
      String line = "caf=C3=A9 au lait, soft=\r\nbreak and a long line of text to cross the buffer " + "x".repeat(60);
      String encoded = (line + "\r\n").repeat(300);
      String expected = ("caf\u00c3\u00a9 au lait, softbreak and a long line of text to cross the buffer " + "x".repeat(60)
          + "\r\n").repeat(300);
      byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
      for (int available : new int[] {1, 100, bytes.length, Integer.MAX_VALUE}) {
        InputStream source = new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int available() {
            return available == Integer.MAX_VALUE ? available : Math.min(available, super.available());
          }
        };
        try (InputStream in = TransferEncoding.QUOTED_PRINTABLE.decode(source)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("available %d", available)
              .isEqualTo(expected);
        }
      }
    }

    @Test
    void base64IsLenient() throws IOException {
      assertThat(decode(TransferEncoding.BASE64, "SGVs\r\nbG8g!!d29y\nbGQ=")).isEqualTo("Hello world");
      assertThat(decode(TransferEncoding.BASE64, "QQ==QQ==")).isEqualTo("AA");
      assertThat(decode(TransferEncoding.BASE64, "SGVsbG8")).isEqualTo("Hello");
    }

    @Test
    void base64ByStreamAndWholeAgreeWithTheRulesOnCleanAndMessyInput() throws IOException {
      java.util.Random random = new java.util.Random(7);
      for (int round = 0; round < 400; round++) {
        byte[] data = new byte[random.nextInt(round < 300 ? 300 : 40_000)];
        random.nextBytes(data);
        String separator = round % 3 == 0 ? "\r\n" : round % 3 == 1 ? "\n" : "";
        StringBuilder text = new StringBuilder(java.util.Base64.getMimeEncoder(76 - 4 * (round % 5),
            separator.isEmpty() ? new byte[] {' '} : separator.getBytes(StandardCharsets.US_ASCII)).encodeToString(data));
        if (round % 4 == 1) { // garbage, padding in the middle, base64url and non-ASCII bytes in random places
          for (int k = 0; k < 1 + text.length() / 50; k++) {
            text.insert(random.nextInt(text.length() + 1), "!=-_\u00e9 ".charAt(random.nextInt(6)));
          }
        }
        byte[] encoded = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] expected = referenceBase64(encoded);
        try (InputStream in = TransferEncoding.BASE64.decode(new ByteArrayInputStream(encoded))) {
          assertThat(in.readAllBytes()).as("stream, round %d", round).isEqualTo(expected);
        }
        Base64Stream whole = Base64Stream.decodeAll(encoded, 0, encoded.length);
        assertThat(java.util.Arrays.copyOf(whole.out, whole.outLen)).as("whole, round %d", round).isEqualTo(expected);
      }
    }

    /** The lenient rules byte by byte: skip what is not base64, '=' ends the group, a last group yields what it can. */
    private byte[] referenceBase64(byte[] in) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int quad = 0;
      int count = 0;
      for (byte b : in) {
        if (b == '=') {
          lastGroup(out, quad, count);
          quad = 0;
          count = 0;
          continue;
        }
        int v = b >= 0 ? Base64Stream.VALUES[b] : -1;
        if (v < 0) continue;
        quad = quad << 6 | v;
        if (++count == 4) {
          out.write(quad >> 16 & 0xff);
          out.write(quad >> 8 & 0xff);
          out.write(quad & 0xff);
          quad = 0;
          count = 0;
        }
      }
      lastGroup(out, quad, count);
      return out.toByteArray();
    }

    /** The bytes a last group of {@code count} 6-bit values in {@code quad} stands for. */
    private void lastGroup(java.io.ByteArrayOutputStream out, int quad, int count) {
      if (count == 2) {
        out.write(quad >> 4 & 0xff);
      } else if (count == 3) {
        out.write(quad >> 10 & 0xff);
        out.write(quad >> 2 & 0xff);
      }
    }

    @Test
    void quotedPrintable() throws IOException {
      assertThat(decode(TransferEncoding.QUOTED_PRINTABLE, "caf=C3=a9 soft=\r\nbreak=  \r\nx trailing   \r\n= =ZZ"))
          .isEqualTo("caf\u00c3\u00a9 softbreakx trailing\r\n= =ZZ");
    }

    @Test
    void uuencodeWithoutBeginIsPassedThrough() throws IOException {
      assertThat(decode(TransferEncoding.UUENCODE, "begin 644 a.txt\n#86)C\n`\nend\n")).isEqualTo("abc");
      assertThat(decode(TransferEncoding.UUENCODE, "not encoded\n")).isEqualTo("not encoded\n");
    }
  }

  @Nested
  class CharsetFallbacks {
    @Test
    void unknownAndMissingCharsetsAreDetected() {
      byte[] utf8 = "naïve".getBytes(StandardCharsets.UTF_8);
      byte[] latin1 = "naïve".getBytes(StandardCharsets.ISO_8859_1);

      assertThat(Charsets.decode(utf8, "x-unknown")).isEqualTo("naïve");
      assertThat(Charsets.decode(latin1, "x-unknown")).isEqualTo("naïve");
      assertThat(Charsets.decode(latin1, null)).isEqualTo("naïve");
      assertThat(Charsets.decode(utf8, "us-ascii")).isEqualTo("naïve");
      assertThat(Charsets.decode(latin1, "utf-8")).isEqualTo("naïve");
      assertThat(Charsets.decode(utf8, "iso-8859-1")).isEqualTo("naïve");
      assertThat(Charsets.decode(new byte[] {(byte) 0x80}, "iso-8859-1")).isEqualTo("€");
    }

    @Test
    void legacyNamesMapToSupersets() {
      assertThat(Charsets.lookup("ks_c_5601-1987").name()).isEqualTo("x-windows-949");
      assertThat(Charsets.lookup("iso-8859-8-i").name()).isEqualTo("ISO-8859-8");
      assertThat(Charsets.lookup("utf8").name()).isEqualTo("UTF-8");
      assertThat(Charsets.lookup("\"Windows-1251\"").name()).isEqualTo("windows-1251");
      assertThat(Charsets.lookup("x-mac-cyrillic").name()).isEqualTo("x-MacCyrillic");
      assertThat(Charsets.lookup("gb2312").name()).isEqualTo("GB18030");
      assertThat(Charsets.lookup("no-such-charset")).isNull();
      assertThat(Charsets.decode(new byte[] {(byte) 0xbd, (byte) 0xba}, "euc-kr")).isEqualTo("스");
    }
  }
}
