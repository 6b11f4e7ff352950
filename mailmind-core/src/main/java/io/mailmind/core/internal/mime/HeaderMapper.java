package io.mailmind.core.internal.mime;

import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageHeaders;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a {@link HeaderBlock} to {@link MessageHeaders}. The first of duplicate single-value fields wins; every
 * occurrence of an address field is read. Never throws on field content. Thread-safe.
 */
final class HeaderMapper {
  private static final int MAX_REFERENCES = 1000;

  private HeaderMapper() {}

  /** Maps {@code block}, reading raw 8-bit text that is not UTF-8 in the block's own Content-Type charset if any. */
  static MessageHeaders map(HeaderBlock block) {
    return map(block, declaredCharset(block));
  }

  /** The charset the block's Content-Type declares, or {@code null}. */
  static Charset declaredCharset(HeaderBlock block) {
    String contentType = block.first("Content-Type");
    return contentType == null ? null : Charsets.lookup(MimeValue.parse(contentType).raw("charset"));
  }

  /**
   * Maps {@code block}; raw 8-bit text that is not UTF-8 is read in {@code fallback} when given (the body's
   * declared charset), else windows-1252.
   */
  static MessageHeaders map(HeaderBlock block, Charset fallback) {
    return new MessageHeaders(
        id(block.first("Message-ID")),
        id(block.first("In-Reply-To")),
        references(block.first("References")),
        addresses(block, "From", fallback),
        addresses(block, "To", fallback),
        addresses(block, "Cc", fallback),
        addresses(block, "Bcc", fallback),
        addresses(block, "Reply-To", fallback),
        subject(block.first("Subject"), fallback),
        DateParser.parse(RawText.decode(block.first("Date"))));
  }

  /** The decoded subject: raw 8-bit text and encoded words decoded, trimmed; {@code ""} when absent. */
  static String subject(String carrier, Charset fallback) {
    if (carrier == null) return "";
    String decoded = EncodedWords.decode(RawText.decode(carrier, fallback));
    return RawText.oneLine(RawText.noNul(decoded));
  }

  private static String id(String carrier) {
    if (carrier == null) return null;
    String value = RawText.unfoldTrim(RawText.decode(carrier));
    return value.isEmpty() ? null : value;
  }

  /** The message ids of a References value in order: the {@code <...>} tokens, else the words. */
  static List<String> references(String carrier) {
    List<String> ids = new ArrayList<>();
    if (carrier == null) return ids;
    String value = RawText.decode(carrier);
    int i = 0;
    while (i < value.length() && ids.size() < MAX_REFERENCES) {
      int open = value.indexOf('<', i);
      if (open < 0) break;
      int close = value.indexOf('>', open + 1);
      if (close < 0) break;
      String id = Spaces.removeAll(value.substring(open, close + 1));
      if (id.length() > 2) ids.add(id);
      i = close + 1;
    }
    if (ids.isEmpty()) {
      for (String word : Spaces.WORD_SEPARATORS.split(value)) {
        if (!word.isEmpty() && ids.size() < MAX_REFERENCES) ids.add(word);
      }
    }
    return ids;
  }

  private static List<EmailAddress> addresses(HeaderBlock block, String name, Charset fallback) {
    List<String> values = block.all(name);
    if (values.isEmpty()) return List.of();
    List<EmailAddress> out = new ArrayList<>();
    for (String value : values) out.addAll(AddressParser.parse(RawText.decode(value, fallback)));
    return out;
  }
}
