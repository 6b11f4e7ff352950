package io.mailmind.core.functional;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Deterministic raw messages for end-to-end tests. */
final class SampleMessages {
  private SampleMessages() {}

  static String plain(int n, String subject) {
    return "From: Bob Example <bob@example.org>\r\n"
        + "To: alice@example.org\r\n"
        + "Subject: " + subject + "\r\n"
        + "Date: Fri, 01 Mar 2024 09:" + String.format("%02d", n % 60) + ":00 +0100\r\n"
        + "Message-ID: <plain-" + n + "@example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + "Hello Alice, this is message " + n + ".\r\n";
  }

  static String reply(int n, String parentId) {
    return "From: Alice <alice@example.org>\r\n"
        + "To: Bob Example <bob@example.org>\r\n"
        + "Subject: Re: plain\r\n"
        + "Date: Sat, 02 Mar 2024 10:00:00 +0000\r\n"
        + "Message-ID: <reply-" + n + "@example.org>\r\n"
        + "In-Reply-To: " + parentId + "\r\n"
        + "References: " + parentId + "\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + "Thanks!\r\n";
  }

  /** A newsletter: multipart/alternative text + HTML, with a PDF attachment, non-ASCII headers. */
  static String newsletter(int n) {
    String pdf = Base64.getMimeEncoder().encodeToString(attachmentBytes(n));
    return "From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>\r\n"
        + "To: alice@example.org\r\n"
        + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(("Grüße Nr. " + n + " 📬").getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
        + "Date: Mon, 04 Mar 2024 12:00:00 +0000\r\n"
        + "Message-ID: <news-" + n + "@example.de>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
        + "\r\n"
        + "--outer\r\n"
        + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
        + "\r\n"
        + "--alt\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n"
        + "\r\n"
        + "Gr=C3=BC=C3=9Fe, number " + n + "\r\n"
        + "--alt\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n"
        + "\r\n"
        + "<html><head><style>p{color:red}</style></head><body><h1>News " + n + "</h1>"
        + "<p>Read <a href=\"https://example.de/" + n + "\">more</a></p>"
        + "<img src=\"https://t.example.de/pixel.gif\" width=\"1\" height=\"1\"></body></html>\r\n"
        + "--alt--\r\n"
        + "--outer\r\n"
        + "Content-Type: application/pdf; name=\"rates-" + n + ".pdf\"\r\n"
        + "Content-Disposition: attachment; filename=\"rates-" + n + ".pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "\r\n"
        + pdf + "\r\n"
        + "--outer--\r\n";
  }

  static byte[] attachmentBytes(int n) {
    byte[] bytes = new byte[3000 + n];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31 + n);
    return bytes;
  }

  /** A message whose MIME structure nests deeper than the mapper accepts: it cannot be parsed. */
  static String tooDeep(int depth) {
    StringBuilder out = new StringBuilder()
        .append("From: Deep <deep@example.org>\r\n")
        .append("To: alice@example.org\r\n")
        .append("Subject: matryoshka\r\n")
        .append("Date: Tue, 05 Mar 2024 08:00:00 +0000\r\n")
        .append("Message-ID: <deep@example.org>\r\n")
        .append("MIME-Version: 1.0\r\n")
        .append("Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for (int i = 0; i < depth; i++) {
      out.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1)
          .append("\"\r\n\r\n");
    }
    out.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\ncore\r\n");
    for (int i = depth; i >= 0; i--) out.append("--b").append(i).append("--\r\n");
    return out.toString();
  }
}
