package io.mailmind.core.internal.mime;

import io.mailmind.core.model.Attachment;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Walks the MIME tree of one message in order and collects the chosen bodies and the attachments (rules in
 * the package documentation). Keeps what it found so far when something fails. Not thread-safe: one per
 * message.
 */
final class PartWalker {
  static final int MAX_DEPTH = 50;
  static final int MAX_PARTS = 10_000;
  /** Encoded parts up to this size (of a message in memory) are decoded once and kept decoded. */
  static final long KEEP_DECODED_MAX = 16L * 1024 * 1024;
  private static final int MAX_NAME = 200;

  private final RawMessage raw;
  private final List<Attachment> attachments = new ArrayList<>();
  private String text;
  private String html;
  private String error;
  private Charset bodyCharset;
  private int parts;

  PartWalker(RawMessage raw) {
    this.raw = raw;
  }

  String text() {
    return text;
  }

  String html() {
    return html;
  }

  List<Attachment> attachments() {
    return attachments;
  }

  /** The charset declared by the first body read, or {@code null}: the fallback for raw 8-bit headers. */
  Charset bodyCharset() {
    return bodyCharset;
  }

  /** Why the content is incomplete, or {@code null}. */
  String error() {
    return error;
  }

  void walk(MimeNode node) throws IOException {
    walk(node, 0, "", false);
  }

  private void walk(MimeNode node, int depth, String parentSubtype, boolean inDigest) throws IOException {
    if (node.headerCut() != null) fail(node.headerCut());
    MimeValue contentType = MimeValue.parse(node.header("Content-Type"));
    String type = mediaType(contentType.value(), inDigest);
    TransferEncoding encoding = TransferEncoding.of(node.header("Content-Transfer-Encoding"));
    if (!type.startsWith("multipart/")) {
      leaf(node, contentType, type, encoding, parentSubtype);
      return;
    }
    if (depth >= MAX_DEPTH) {
      fail("MIME structure nested deeper than " + MAX_DEPTH + " levels");
      return;
    }
    String subtype = type.substring("multipart/".length());
    List<MimeNode> children;
    try {
      children = children(node, encoding, subtype, contentType.raw("boundary"));
    } catch (MessagingException | RuntimeException e) {
      fail("unparsable MIME structure: " + describe(e));
      return;
    }
    if (children.isEmpty()) {
      if (!isBlank(node)) leaf(node, contentType, "text/plain", encoding, parentSubtype);
      return;
    }
    for (MimeNode child : children) {
      if (++parts > MAX_PARTS) {
        fail("more than " + MAX_PARTS + " MIME parts");
        return;
      }
      walk(child, depth + 1, subtype, subtype.equals("digest"));
    }
  }

  private static List<MimeNode> children(MimeNode node, TransferEncoding encoding, String subtype, String boundary)
      throws MessagingException {
    if (!isToken(subtype)) {
      // Jakarta Mail, which split multiparts before, rejected such a Content-Type as a whole: kept so.
      new ContentType("multipart/" + subtype + (boundary == null || boundary.isEmpty() ? "" : "; boundary="
          + quote(boundary)));
    }
    try {
      if (encoding == TransferEncoding.IDENTITY) {
        return MultipartSplitter.split(node.source(), node.start(), node.end(), boundary, node.copy());
      }
      byte[] decoded;
      try (InputStream in = encoding.decode(node.raw())) {
        decoded = in.readAllBytes();
      }
      return MultipartSplitter.split(ByteSource.of(decoded), 0, decoded.length, boundary, true);
    } catch (IOException e) {
      throw new MessagingException("IO Error", e);
    }
  }

  /** Whether {@code s} is a MIME token (RFC 2045): printable US-ASCII without specials. */
  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) return false;
    }
    return !s.isEmpty();
  }

  /** {@code value} as an RFC 2045 quoted string. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') out.append('\\');
      out.append(c);
    }
    return out.append('"').toString();
  }

  private void leaf(MimeNode node, MimeValue contentType, String type, TransferEncoding encoding, String parentSubtype)
      throws IOException {
    MimeValue disposition = MimeValue.parse(node.header("Content-Disposition"));
    boolean attachment = disposition.value().startsWith("attachment");
    String filename = nonBlank(disposition.text("filename"));
    if (filename == null) filename = nonBlank(contentType.text("name"));
    if (filename == null && !attachment) {
      if (type.equals("text/plain") && text == null) {
        text = decodeText(node, encoding, contentType);
        return;
      }
      if (type.equals("text/html") && html == null) {
        html = decodeText(node, encoding, contentType);
        return;
      }
    }
    if (filename != null && !contentType.value().contains("/")) type = guessType(filename, type);
    if (filename == null && !attachment && type.startsWith("text/")) return;
    boolean inline = disposition.value().startsWith("inline")
        || (!attachment && disposition.value().isEmpty() && parentSubtype.equals("related"));
    if (filename == null && isMessage(type)) filename = messageFileName(node, encoding);
    attachments.add(attachment(node, encoding, type, filename, inline, contentId(node.header("Content-ID"))));
  }

  private Attachment attachment(MimeNode node, TransferEncoding encoding, String type, String filename,
      boolean inline, String contentId) throws IOException {
    MessageDigest sha256 = sha256();
    long size = 0;
    PartBlob blob;
    try (InputStream encoded = node.raw()) {
      if (encoded instanceof SourceInputStream range && encoding != TransferEncoding.IDENTITY && raw.inMemory()
          && range.absoluteEnd() - range.absoluteStart() <= KEEP_DECODED_MAX) {
        // Decoded once, here: the store then copies these bytes instead of decoding the part a second time.
        byte[] decoded;
        int length;
        byte[] array = range.source().array();
        if (encoding == TransferEncoding.BASE64 && array != null) {
          int offset = range.source().arrayOffset();
          Base64Stream all = Base64Stream.decodeAll(array, offset + (int) range.absoluteStart(),
              offset + (int) range.absoluteEnd());
          decoded = all.out;
          length = all.outLen;
        } else {
          decoded = decodeAll(encoding.decode(range), range.absoluteEnd() - range.absoluteStart());
          length = decodedLength;
        }
        Digests.update(sha256, decoded, 0, length);
        String hex = HexFormat.of().formatHex(sha256.digest());
        return new Attachment(filename, type, length, hex, inline, contentId, PartBlob.ofDecoded(decoded, length, hex));
      }
      byte[] buffer = new byte[16384];
      if (encoded instanceof SourceInputStream range) {
        try (InputStream decoded = encoding.decode(range)) {
          int n;
          while ((n = decoded.read(buffer)) > 0) {
            sha256.update(buffer, 0, n);
            size += n;
          }
        }
        blob = PartBlob.ofRange(raw, range.absoluteStart(), range.absoluteEnd(), encoding, size);
      } else {
        byte[] bytes = encoded.readAllBytes();
        try (InputStream decoded = encoding.decode(new ByteArrayInputStream(bytes))) {
          int n;
          while ((n = decoded.read(buffer)) > 0) {
            sha256.update(buffer, 0, n);
            size += n;
          }
        }
        blob = PartBlob.ofEncoded(bytes, encoding, size);
      }
    }
    return new Attachment(filename, type, size, HexFormat.of().formatHex(sha256.digest()), inline, contentId, blob);
  }

  private int decodedLength;

  /** Reads {@code in} whole into an array sized for {@code encodedLength} bytes; the length is in decodedLength. */
  private byte[] decodeAll(InputStream in, long encodedLength) throws IOException {
    try (in) {
      byte[] out = new byte[(int) Math.min(Integer.MAX_VALUE - 8, encodedLength * 3 / 4 + 4)];
      int length = 0;
      int n;
      while ((n = in.read(out, length, out.length - length)) > 0) {
        length += n;
        if (length == out.length) {
          int next = in.read();
          if (next < 0) break;
          out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, 64));
          out[length++] = (byte) next;
        }
      }
      decodedLength = length;
      return out;
    }
  }

  private String decodeText(MimeNode node, TransferEncoding encoding, MimeValue contentType) throws IOException {
    byte[] bytes;
    try (InputStream in = encoding.decode(node.raw())) {
      bytes = in.readAllBytes();
    }
    String charset = contentType.raw("charset");
    if (bodyCharset == null) bodyCharset = Charsets.lookup(charset);
    return RawText.noNul(Charsets.decode(bytes, charset));
  }

  /** The type a file name suggests, for parts whose Content-Type is missing or broken; else {@code type}. */
  private static String guessType(String filename, String type) {
    String guessed = URLConnection.guessContentTypeFromName(filename.toLowerCase(Locale.ROOT));
    return guessed != null && guessed.indexOf('/') > 0 ? guessed.toLowerCase(Locale.ROOT) : type;
  }

  /** {@code <subject>.eml} of an embedded message, or {@code message.eml}. */
  private static String messageFileName(MimeNode node, TransferEncoding encoding) throws IOException {
    try (InputStream in = new BufferedInputStream(encoding.decode(node.raw()))) {
      HeaderBlock headers = HeaderBlock.read(in);
      String subject = HeaderMapper.subject(headers.first("Subject"), null);
      StringBuilder name = new StringBuilder();
      subject.codePoints().forEach(cp -> {
        if (cp < 0x20 || cp == 0x7f || "/\\:*?\"<>|".indexOf(cp) >= 0) {
          name.append(' ');
        } else {
          name.appendCodePoint(cp);
        }
      });
      String clean = Spaces.collapse(name.toString()).strip();
      if (clean.length() > MAX_NAME) {
        int cut = MAX_NAME;
        if (Character.isHighSurrogate(clean.charAt(cut - 1))) cut--;
        clean = clean.substring(0, cut).strip();
      }
      return (clean.isEmpty() ? "message" : clean) + ".eml";
    }
  }

  private static boolean isBlank(MimeNode node) throws IOException {
    try (InputStream in = node.raw()) {
      int b;
      while ((b = in.read()) >= 0) {
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
      }
      return true;
    }
  }

  /** The lower-case {@code type/subtype}: text/plain when missing (message/rfc822 in a digest). */
  static String mediaType(String value, boolean inDigest) {
    if (value.isEmpty()) return inDigest ? "message/rfc822" : "text/plain";
    int slash = value.indexOf('/');
    if (slash < 0) return value.equals("text") ? "text/plain" : "application/octet-stream";
    if (slash == 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
      return value.startsWith("text/") ? "text/plain" : "application/octet-stream";
    }
    return value;
  }

  private static boolean isMessage(String type) {
    return type.equals("message/rfc822") || type.equals("message/global") || type.equals("message/news");
  }

  static String contentId(String header) {
    if (header == null) return null;
    String id = RawText.unfoldTrim(RawText.decode(header));
    if (id.startsWith("<")) id = id.substring(1);
    int close = id.indexOf('>');
    if (close >= 0) id = id.substring(0, close);
    id = id.strip();
    return id.isEmpty() ? null : id;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private void fail(String message) {
    if (error == null) error = message;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
