package io.mailmind.core.internal.mime;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * flexmark's HTML converter as the Markdown step of {@link HtmlToMarkdown} (with the options Mailmind used before
 * {@link MarkdownRenderer}), URLs filtered by {@link LinkPolicy} first. Chosen with
 * {@code SyncOptions.markdownConverter(FLEXMARK)}; flexmark-html2md-converter is an optional dependency, so this is
 * the only class that names a flexmark type, and it is loaded only when that choice is made (see
 * {@link HtmlToMarkdown#flexmarkAvailable()}). Thread-safe (flexmark's converter keeps no state between calls).
 */
final class FlexmarkMarkdown {
  private static final FlexmarkHtmlConverter CONVERTER = FlexmarkHtmlConverter.builder(options()).build();

  private FlexmarkMarkdown() {}

  static String convert(Element root) {
    applyLinkPolicy(root);
    return CONVERTER.convert(root);
  }

  /**
   * The policy applied to a tree before flexmark writes it: a link whose URL is not allowed loses its {@code href}
   * (its content stays), such an image becomes its alt text; allowed URLs are replaced by their
   * {@link LinkPolicy#destination}.
   */
  private static void applyLinkPolicy(Element root) {
    for (Element link : root.select("a[href]")) {
      String href = LinkPolicy.destination(link.attr("href"));
      if (href == null) {
        link.removeAttr("href");
      } else {
        link.attr("href", href);
      }
    }
    for (Element image : root.select("img[src]")) {
      String src = LinkPolicy.destination(image.attr("src"));
      if (src == null) {
        image.replaceWith(new TextNode(image.attr("alt")));
      } else {
        image.attr("src", src);
      }
    }
  }

  private static MutableDataSet options() {
    MutableDataSet options = new MutableDataSet();
    options.set(FlexmarkHtmlConverter.SETEXT_HEADINGS, false);
    options.set(FlexmarkHtmlConverter.OUTPUT_ATTRIBUTES_ID, false);
    options.set(FlexmarkHtmlConverter.RENDER_COMMENTS, false);
    options.set(FlexmarkHtmlConverter.OUTPUT_UNKNOWN_TAGS, false);
    options.set(FlexmarkHtmlConverter.MAX_BLANK_LINES, 1);
    options.set(FlexmarkHtmlConverter.MAX_TRAILING_BLANK_LINES, 0);
    options.set(FlexmarkHtmlConverter.SKIP_ATTRIBUTES, true);
    return options;
  }
}
