package io.mailmind.core.internal.mime;

import java.time.Duration;

/** STAND-IN until the mapper lands. */
public final class HtmlToMarkdown {
  public HtmlToMarkdown(int maxInputChars, int maxOutputChars, Duration timeout) {}

  public String convert(String html) {
    return html == null ? null : org.jsoup.Jsoup.parse(html).text();
  }
}
