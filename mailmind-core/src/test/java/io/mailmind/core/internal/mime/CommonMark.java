package io.mailmind.core.internal.mime;

import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;

/** What a CommonMark reader makes of Markdown: flexmark's parser and HTML renderer (core, no extensions). */
final class CommonMark {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().build();

  private CommonMark() {}

  static String html(String markdown) {
    return RENDERER.render(PARSER.parse(markdown)).strip();
  }
}
