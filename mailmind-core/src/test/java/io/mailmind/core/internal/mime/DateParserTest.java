package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DateParser} is strict: a value is a date only when all of it is read by the grammar (the lenient forms
 * are in {@code DecodingTest.Dates}).
 */
class DateParserTest {
  private static final String VALID = "Mon, 1 Jan 2024 10:00:00 +0000";
  private static final Instant VALID_INSTANT = Instant.parse("2024-01-01T10:00:00Z");
  /** java.time's RFC 1123 parser, strict about impossible dates (its default resolver moves Feb 30 to Feb 29). */
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);

  @Test
  void nulInsideTheTimeIsUnparsableNotMidnight() {
    assertThat(DateParser.parse(VALID)).isEqualTo(VALID_INSTANT);
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:\u000000:00 +0000")).isNull();
    // the header mapper sees NUL as U+FFFD (RawText.noNul)
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:\uFFFD00:00 +0000")).isNull();
  }

  @Test
  void aDateWithNulFallsBackToInternalDate() {
    byte[] header = "Date: Mon, 1 Jan 2024 10:\u000000:00 +0000\r\nSubject: s\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    MessageHeaders headers = new MessageMapper().parseHeaders(header);
    Instant internalDate = Instant.parse("2024-01-02T03:04:05Z");
    MessageKey key = MessageKey.of("acct", "INBOX", 1, 1);

    MessageMetadata metadata = new MessageMetadata(key, "Inbox", headers, "t", internalDate, List.of(), List.of(),
        header.length, null, null);
    assertThat(headers.date()).isNull();
    assertThat(headers.subject()).isEqualTo("s");
    assertThat(metadata.effectiveDate()).isEqualTo(internalDate);

    byte[] message = "Date: Mon, 1 Jan 2024 10:\u000000:00 +0000\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1);
    MessageContent content = new MessageMapper().map(key, RawMessage.of(message));
    assertThat(content.headers().date()).isNull();
    assertThat(content.text()).startsWith("body");
  }

  @Test
  void controlCharactersOutsideCommentsAreUnparsable() {
    int[] positions = {0, 3, 5, 8, 16, 19, 22, 25, VALID.length()};
    for (char c = 0; c < 0x20; c++) {
      if (c == '\t' || c == '\r' || c == '\n') continue;
      for (int at : positions) {
        String value = VALID.substring(0, at) + c + VALID.substring(at);
        assertThat(DateParser.parse(value)).as("U+%04X at %d", (int) c, at).isNull();
      }
    }
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:00:00\u007f +0000")).isNull();
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:00:00\u00a0+0000")).isNull();
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:00:00 +0000\u000b")).isNull();
    assertThat(DateParser.parse("Mon, 1 Jan 2024 10:00:00 +0000\u001c")).isNull();
  }

  @Test
  void foldingWhiteSpaceAndCommentsAreAllowed() {
    assertThat(DateParser.parse("\tMon,\r\n 1 Jan 2024\t10:00:00\r\n +0000\r\n")).isEqualTo(VALID_INSTANT);
    // RFC 5322 obs-ctext: a comment may hold control characters (but not NUL)
    assertThat(DateParser.parse(VALID + " (a \u0001 b \\) (nested) \u00e9)")).isEqualTo(VALID_INSTANT);
    assertThat(DateParser.parse(VALID + " (\u0000)")).isNull();
    assertThat(DateParser.parse(VALID + " (\\\u0000)")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Mon, 1 Jan 2024 10:00:00 +0000 garbage",
      "Mon, 1 Jan 2024 10:00:00 +0000 2024",
      "Mon, 1 Jan 2024 10:00:00 +0000;",
      "Mon, 1 Jan 2024 10:00:00 +0000,",
      "Mon, 1 Jan 2024 10:00:00 +0000 x",
      "Mon, 1 Jan 2024 10:00:00 +0000 +0100",
      "Mon, 1 Jan 2024 10:00:00 +00000",
      "Mon, 1 Jan 2024 10:00:00 + 0000",
      "Mon, 1 Jan 2024 10:00:00:00 +0000",
      "Mon, 1 Jan 2024 10:00:00 +0000 (unclosed",
      "Mon, 1 Jan 2024 10:00:00 +0000)",
      "Mon, 1 Jan 2024 10:00:00 +0000 <HR>",
      "Mon, 1 Jan 2024 10:00:00 +0000 \\",
      "Mon, 1 Jan 2024 10:00:00 GMT!",
      "Mon, 1 Jan 2024 10:00:00garbage",
      "Mon, 1 Jan 2024 10:00:00 -",
      "Mon, 1 Jan 2024 10",
      "Mon, 1 Jan 2024 10:",
      "Mon, 1 Jan 2024",
      "Mon, 1 Jan",
      "Mon,",
      "x Mon, 1 Jan 2024 10:00:00 +0000",
      "Mon, Mon, 1 Jan 2024 10:00:00 +0000",
      "Mon, 1 Janx 2024 10:00:00 +0000",
      "Mon, 1 Jan 2024 10.00.00 +0000",
      "Mon, 1/Jan/2024 10:00:00 +0000",
      "2024-01-01T10:00:00Z trailing",
      "2024-01-01T10:00:00Zjunk",
      "2024-01-01T10:00:00+00:00:00",
  })
  void trailingOrStrayTextIsUnparsable(String value) {
    assertThat(DateParser.parse(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Mon, 1 Jan 2024 25:00:00 +0000",
      "Mon, 1 Jan 2024 24:00:00 +0000",
      "Mon, 1 Jan 2024 10:61:00 +0000",
      "Mon, 1 Jan 2024 10:60:00 +0000",
      "Mon, 1 Jan 2024 10:00:61 +0000",
      "Mon, 1 Jan 2024 10:00:99 +0000",
      "Mon, 32 Jan 2024 10:00:00 +0000",
      "Mon, 0 Jan 2024 10:00:00 +0000",
      "Fri, 30 Feb 2024 10:00:00 +0000",
      "Thu, 29 Feb 2023 10:00:00 +0000",
      "Mon, 31 Apr 2024 10:00:00 +0000",
      "Mon, 1 Jan 2024 10:00:00 +0060",
      "Mon, 1 Jan 2024 10:00:00 +1900",
      "Mon, 1 Jan 2024 10:00:00 GMT+25",
      "Mon, 1 Jan 2024 13:00 PM",
      "Mon, 1 Jan 2024 0:00 AM",
      "Mon, 1 Jan 1899 10:00:00 +0000",
      "Mon, 1 Jan 2101 10:00:00 +0000",
      "Mon, 1 Jan 2024 100:00:00 +0000",
      "Mon, 123 Jan 2024 10:00:00 +0000",
      "Mon, 1 Jan 2 10:00:00 +0000",
      "2024-02-30T10:00:00Z",
      "2024-01-01T25:00:00Z",
      "2024-01-01T10:61:00Z",
      "2024-01-01T10:00:61Z",
      "2024-13-01T10:00:00Z",
      "2024-01-01T10:00:00+19:00",
      "2024-01-01T10:00:00+01:60",
  })
  void outOfRangeFieldsAreUnparsable(String value) {
    assertThat(DateParser.parse(value)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mon, 1 Jan 2024 10:00:60 +0000 | 2024-01-01T10:00:59Z",
      "Mon, 1 Jan 2024 10:00:00.250 +0000 | 2024-01-01T10:00:00Z",
      "Monday, 1 January 2024 10:00:00 +0000 | 2024-01-01T10:00:00Z",
      "MON, 01 JAN 2024 10:00:00 gmt | 2024-01-01T10:00:00Z",
      "Mon 1 Jan 2024 10:00 | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan, 2024, 10:00:00 +0000 | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan 02024 10:00:00 +0000 | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan 124 10:00:00 +0000 | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan 2024 10:00:00 -0400 EDT | 2024-01-01T14:00:00Z",
      "Mon, 1 Jan 2024 10:00:00 GMT+0130 | 2024-01-01T08:30:00Z",
      "Mon, 1 Jan 2024 10:00:00 UTC-5 | 2024-01-01T15:00:00Z",
      "Mon, 1 Jan 2024 10:00:00 +01:00 | 2024-01-01T09:00:00Z",
      "Mon, 1 Jan 2024 10:00:00 Z | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan 2024 10:00:00 A | 2024-01-01T10:00:00Z",
      "Mon, 1 Jan 2024 12:30 AM | 2024-01-01T00:30:00Z",
      "Mon, 1 Jan 2024 12:30 pm | 2024-01-01T12:30:00Z",
      "May 8, 2005 1:17 PM | 2005-05-08T13:17:00Z",
      "Fri May 24 10:35:57 EDT 1991 | 1991-05-24T14:35:57Z",
      "Mon Jan 1 10:00:00 2024 +0100 | 2024-01-01T09:00:00Z",
      "Mon Jan 1 2024 10:00:00 GMT+0100 (CET) | 2024-01-01T09:00:00Z",
      "1-Jan-2024 10:00:00 +0000 | 2024-01-01T10:00:00Z",
      "2024-01-01 10:00 | 2024-01-01T10:00:00Z",
      "(c) 2024-01-01T10:00:00.5+0100 (c) | 2024-01-01T09:00:00Z",
  })
  void lenientRealWorldForms(String value, String expected) {
    assertThat(DateParser.parse(value)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void agreesWithJavaTimeOnEveryRfc1123DateItAccepts() {
    Random random = new Random(5322);
    String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (int i = 0; i < 20_000; i++) {
      LocalDateTime local = LocalDateTime.of(1900, 1, 1, 0, 0)
          .plusSeconds((long) (random.nextDouble() * 201 * 365.2425 * 86_400)).truncatedTo(ChronoUnit.SECONDS);
      if (local.getYear() > 2100) continue;
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36 * 60 + 1) - 18 * 60) * 60);
      OffsetDateTime date = OffsetDateTime.of(local, offset);
      String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(date);
      // variants java.time also reads: no day name, no seconds, "+0000" for GMT, other letter case
      if (random.nextInt(4) == 0) text = text.substring(5);
      if (local.getSecond() == 0 && random.nextInt(2) == 0) text = text.replaceFirst("(\\d\\d:\\d\\d):00 ", "$1 ");
      if (offset.getTotalSeconds() == 0 && random.nextBoolean()) text = text.replace("GMT", "+0000");
      if (random.nextInt(4) == 0) text = text.toUpperCase(Locale.ROOT);
      for (String day : days) assertThat(text).doesNotStartWith(day + ",  ");

      Instant expected = OffsetDateTime.parse(text, RFC_1123).toInstant();
      assertThat(DateParser.parse(text)).as(text).isEqualTo(expected).isEqualTo(date.toInstant());
    }
  }

  /**
   * Edited dates: where both parsers read one, they read the same instant. (java.time also reads what RFC 5322
   * does not allow, such as {@code +1 Jan} or {@code 10:0000}; those stay unparsable here.)
   */
  @Test
  void neverDisagreesWithJavaTimeOnEditedDates() {
    Random random = new Random(1123);
    String alphabet = "0123456789 :+-,.()JanFebGMTUTESTz\t\u0000\u0001\u007f\u00e9";
    int bothRead = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(i % 2 == 0 ? VALID : "Sat, 29 Feb 2020 23:59:59 -1130");
      for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, c);
          default -> text.setCharAt(at, c);
        }
      }
      String value = text.toString();
      Instant ours = DateParser.parse(value);
      if (ours == null) continue;
      OffsetDateTime theirs;
      try {
        theirs = OffsetDateTime.parse(value, RFC_1123);
      } catch (DateTimeParseException e) {
        continue; // a form java.time does not read (a comment, a named zone, a two-digit year, ...)
      }
      if (theirs.getYear() < 1900) continue; // "024": RFC 5322 §4.3 adds 1900 to a three-digit year
      assertThat(ours).as(value).isEqualTo(theirs.toInstant());
      bothRead++;
    }
    assertThat(bothRead).isGreaterThan(1000);
  }
}
