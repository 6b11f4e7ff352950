package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The side-by-side comparison of docs/markdown.md as a test: on every HTML body of the corpus, Mailmind's renderer
 * has no more defects a reader would notice ({@link MarkdownComparison}) than flexmark's converter.
 */
class MarkdownComparisonTest {
  private static final HtmlToMarkdown OURS = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(30));
  private static final HtmlToMarkdown FLEXMARK = HtmlToMarkdown.flexmark(2_000_000, 500_000, Duration.ofSeconds(30));

  @Test
  void theRendererIsNeverWorseThanFlexmarkOnTheCorpus() {
    List<String> bodies = MarkdownPropertiesTest.htmlBodies();
    int flexmarkDefects = 0;
    for (String html : bodies) {
      MarkdownComparison.Defects ours = MarkdownComparison.score(html, OURS.convert(html));
      MarkdownComparison.Defects theirs = MarkdownComparison.score(html, FLEXMARK.convert(html));
      assertThat(ours.total()).as("ours %s, flexmark %s for %s", ours, theirs, html).isLessThanOrEqualTo(theirs.total());
      assertThat(ours.total()).as("%s", ours).isZero();
      flexmarkDefects += theirs.total();
    }
    assertThat(flexmarkDefects).as("the scoring finds defects where there are some").isPositive();
  }

  @Test
  void scoresEachKindOfDefect() {
    String html = "<p>Hello <b>Total:</b>42 <a href=\"https://x.example/a\">link</a></p>"
        + "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>";

    assertThat(MarkdownComparison.score(html, "Hello **Total:**42 [link](https://x.example/a)\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
        .isEqualTo(new MarkdownComparison.Defects(0, 0, 4, 0));
    assertThat(MarkdownComparison.score(html, "Total: 42 link\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |"))
        .isEqualTo(new MarkdownComparison.Defects(1, 1, 0, 1));
  }
}
