package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HtmlToMarkdownTest {
  private final HtmlToMarkdown markdown = new HtmlToMarkdown(1_000_000, 100_000, Duration.ofSeconds(30));

  @Test
  void removesWhatAReaderDoesNotSee() {
    String result = markdown.convert("<html><head><title>T</title><style>p{color:red}</style>"
        + "<script>alert('x')</script></head><body><!-- comment --><!--[if mso]>outlook only<![endif]-->"
        + "<p>Visible</p><div style=\"display: none\">preheader</div><span style=\"VISIBILITY:hidden\">ghost</span>"
        + "<p hidden>gone</p><p aria-hidden=\"true\">decoration stays</p><noscript>noscript</noscript></body></html>");

    assertThat(result).contains("Visible", "decoration stays")
        .doesNotContain("T\n", "color", "alert", "comment", "outlook only", "preheader", "ghost", "gone", "noscript");
  }

  @Test
  void removesTrackingPixelsButKeepsImages() {
    String result = markdown.convert("<p>Hello <img src=\"https://t.example/open.gif\" width=\"1\" height=\"1\">"
        + "<img src=\"https://t.example/p2.gif\" style=\"width:1px;height:1px\">"
        + "<img src=\"https://t.example/p3.gif\" width=\"0\">"
        + "<img src=\"https://cdn.example/logo.png\" width=\"200\" height=\"50\" alt=\"Logo\"></p>");

    assertThat(result).contains("![Logo](https://cdn.example/logo.png)").doesNotContain("t.example");
  }

  @Test
  void convertsLinksListsHeadingsAndDataTables() {
    String result = markdown.convert("<h1>Title</h1><p>See <a href=\"https://example.org/a?b=1&amp;c=2\">the docs</a>"
        + " and <b>bold</b>.</p><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
        + "<table><tr><th>Name</th><th>Qty</th></tr><tr><td>Apple</td><td>3</td></tr></table>");

    assertThat(result).contains("# Title", "[the docs](https://example.org/a?b=1&c=2)", "**bold**", "* one", "* two",
        "1. first", "| Name  | Qty |", "| Apple | 3   |");
  }

  @Test
  void layoutTablesBecomeBlocks() {
    String result = markdown.convert("<table width=\"100%\"><tr><td><table><tr><td><h2>News</h2>"
        + "<p>First story</p></td></tr></table></td></tr><tr><td>Footer <a href=\"https://x.example/u\">Unsubscribe</a>"
        + "</td></tr></table>");

    assertThat(result).contains("## News", "First story", "Footer [Unsubscribe](https://x.example/u)").doesNotContain("|");
  }

  @Test
  void nullEmptyAndCaps() {
    assertThat(markdown.convert(null)).isNull();
    assertThat(markdown.convert("")).isEmpty();

    HtmlToMarkdown small = new HtmlToMarkdown(40, 20, Duration.ofSeconds(30));
    String result = small.convert("<p>" + "a".repeat(30) + "</p><p>beyond the input cap</p>");
    assertThat(result).hasSizeLessThanOrEqualTo(20).doesNotContain("beyond");
    assertThat(HtmlToMarkdown.cut("ab\uD83D\uDE00", 3)).isEqualTo("ab");
  }

  @Test
  void deepNestingIsSafe() {
    String html = "<div>".repeat(20_000) + "deep text" + "</div>".repeat(20_000)
        + "<p>" + "<b>".repeat(10_000) + "bold" + "</b>".repeat(10_000) + "</p>"
        + "<span>".repeat(1_000) + "<i>x</i>" + "</span>".repeat(1_000);

    String result = markdown.convert(html);

    assertThat(result).startsWith("deep text\n\n**bold**").contains("*x*");
  }

  @Test
  void hugeDocumentsKeepTheirTextWithoutConversion() {
    String html = "<p><a href=\"https://x.example\">link</a></p>" + "<p>para</p>".repeat(HtmlToMarkdown.MAX_ELEMENTS);

    String result = markdown.convert(html);

    assertThat(result).startsWith("link\npara\npara\n").doesNotContain("](");
  }

  @Test
  void fallsBackToTextWhenConversionFails() {
    HtmlToMarkdown failing = new HtmlToMarkdown(10_000, 10_000, Duration.ofSeconds(30), root -> {
      throw new StackOverflowError("simulated");
    });

    String result = failing.convert("<h1>Head</h1><p>Line one<br>Line two</p><ul><li>item</li></ul>"
        + "<script>x()</script>");

    assertThat(result).isEqualTo("Head\nLine one\nLine two\nitem");
  }

  @Test
  void fallsBackToTextWhenConversionTakesTooLong() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HtmlToMarkdown hanging = new HtmlToMarkdown(10_000, 10_000, Duration.ofMillis(50), root -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "never used";
    });
    try {
      assertThat(hanging.convert("<p>Plain <i>text</i></p><div style=\"display:none\">hidden</div>"))
          .isEqualTo("Plain text");
    } finally {
      release.countDown();
    }
  }

  @Test
  void ourRendererKeepsTheTimeLimitOnTheCallingThread() {
    String html = "<p><b>x</b></p>".repeat(40);
    HtmlToMarkdown instant = new HtmlToMarkdown(10_000, 10_000, Duration.ofNanos(1));

    assertThat(markdown.convert(html)).startsWith("**x**\n\n**x**");
    assertThat(instant.convert(html)).isEqualTo("x\n".repeat(39) + "x");
  }

  @Test
  void documentsNestedDeeperThanTheCallersLimitAreConvertedTheSame() {
    int levels = HtmlToMarkdown.MAX_DEPTH_ON_CALLER + 10; // rendered on a worker

    assertThat(markdown.convert("<blockquote>".repeat(3) + "deep")).isEqualTo("> ".repeat(3) + "deep");
    assertThat(markdown.convert("<blockquote>".repeat(levels) + "deep")).isEqualTo("> ".repeat(levels) + "deep");
  }

  @Test
  void usableFromManyThreads() throws Exception {
    Thread[] threads = new Thread[4];
    String[] results = new String[threads.length];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] = new Thread(() -> results[n] = markdown.convert("<p>thread " + n + "</p>"));
      threads[i].start();
    }
    for (Thread thread : threads) thread.join();
    for (int i = 0; i < threads.length; i++) assertThat(results[i]).isEqualTo("thread " + i);
  }
}
