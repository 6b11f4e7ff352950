package io.mailmind.core.internal.mime;

import java.io.InputStream;
import java.util.Locale;

/**
 * Content-Transfer-Encoding, read leniently: unknown and misspelt values ({@code 7-bit}, {@code plain},
 * {@code text/html}, {@code base64;}) mean the content is not encoded.
 */
enum TransferEncoding {
  IDENTITY, BASE64, QUOTED_PRINTABLE, UUENCODE;

  static TransferEncoding of(String header) {
    if (header == null) return IDENTITY;
    String value = RawText.unfoldTrim(header).toLowerCase(Locale.ROOT).replace("\"", "").replace("'", "").strip();
    int cut = 0;
    while (cut < value.length() && " \t;(".indexOf(value.charAt(cut)) < 0) cut++;
    value = value.substring(0, cut);
    return switch (value) {
      case "base64", "b64", "x-base64" -> BASE64;
      case "quoted-printable", "quoted_printable", "quotedprintable", "qp", "x-quoted-printable" -> QUOTED_PRINTABLE;
      case "x-uuencode", "uuencode", "x-uue", "uue", "x-uudecode" -> UUENCODE;
      default -> IDENTITY;
    };
  }

  /** The decoded stream over {@code raw}; closing it closes {@code raw}. */
  InputStream decode(InputStream raw) {
    return switch (this) {
      case IDENTITY -> raw;
      case BASE64 -> new Base64Stream(raw);
      case QUOTED_PRINTABLE -> new QuotedPrintableStream(raw);
      case UUENCODE -> new UuStream(raw);
    };
  }
}
