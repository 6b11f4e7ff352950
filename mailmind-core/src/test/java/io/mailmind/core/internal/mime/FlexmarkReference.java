package io.mailmind.core.internal.mime;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.time.Duration;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;

/**
 * {@link HtmlToMarkdown} with flexmark's HTML converter (with the options Mailmind used before
 * {@link MarkdownRenderer}) in place of the renderer, URLs filtered by {@link LinkPolicy} first. For side-by-side
 * comparisons only: {@code bench/java/MarkdownCompare.java} and {@link MarkdownLinkPolicyTest}. It lives in the
 * test sources because nothing in production uses it: flexmark is a test dependency of mailmind-core.
 */
public final class FlexmarkReference {
  private static final FlexmarkHtmlConverter CONVERTER = FlexmarkHtmlConverter.builder(options()).build();

  private FlexmarkReference() {}

  /** The same cleaning, limits and plain-text fallback as {@link HtmlToMarkdown}; flexmark writes the Markdown. */
  public static HtmlToMarkdown converter(int maxInputChars, int maxOutputChars, Duration timeout) {
    return new HtmlToMarkdown(maxInputChars, maxOutputChars, timeout, root -> {
      applyLinkPolicy(root);
      return CONVERTER.convert(root);
    });
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
