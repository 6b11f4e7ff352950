package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The renderer's defects of issue 14, each with its input and the exact Markdown it must give now. Where the point
 * is how a reader shows it (emphasis, links), the Markdown is also read back by a CommonMark parser.
 */
class MarkdownDefectsTest {
  private static final HtmlToMarkdown MARKDOWN = new HtmlToMarkdown(1_000_000, 1_000_000, Duration.ofSeconds(30));

  private static String md(String html) {
    return MARKDOWN.convert(html);
  }

  @Nested
  @DisplayName("1. blocks that show an empty line give a paragraph break")
  class BlankLineBlocks {
    @Test
    void gmailEmptyDivIsAParagraphBreak() {
      assertThat(md("<div dir=\"ltr\">This is the message body.<div><br></div><div>Jeff</div></div>"))
          .isEqualTo("This is the message body.\n\nJeff");
    }

    @Test
    void emptyLinesOfAGmailReplyAreKept() {
      String html = "<div dir=\"ltr\"><div>Hi Anna,</div><div><br></div><div>the slides are attached.</div>"
          + "<div>Two remarks:</div><div><br></div><div><span>first, the dates</span></div><div><br></div>"
          + "<div>Best,</div><div>Jeff</div></div>";

      assertThat(md(html)).isEqualTo("Hi Anna,\n\nthe slides are attached.\nTwo remarks:\n\nfirst, the dates\n\n"
          + "Best,\nJeff");
    }

    @Test
    void nonBreakingSpaceBlockIsAParagraphBreak() {
      assertThat(md("<div>one</div><div>&nbsp;</div><div>two</div><div><font><br></font></div><div>three</div>"))
          .isEqualTo("one\n\ntwo\n\nthree");
    }

    @Test
    void appleInterchangeNewlineIsAParagraphBreak() {
      assertThat(md("<div>Sent from my Mac<br class=\"Apple-interchange-newline\">Begin forwarded message:</div>"))
          .isEqualTo("Sent from my Mac\n\nBegin forwarded message:");
    }

    @Test
    void aBlockWithTextIsNoBlankLine() {
      assertThat(md("<div>one</div><div><br>two</div><div><img src=\"https://x.example/i.png\" alt=\"i\"></div>"))
          .isEqualTo("one\ntwo\n![i](https://x.example/i.png)");
    }
  }

  @Nested
  @DisplayName("2. spanned table cells keep every value under its header")
  class TableSpans {
    @Test
    void colspanLeavesTheSpannedColumnsEmpty() {
      String html = "<table><tr><th>Item</th><th>SKU</th><th>Qty</th><th>Price</th></tr>"
          + "<tr><td>Pen</td><td>P-1</td><td>2</td><td>€3.00</td></tr>"
          + "<tr><td colspan=\"3\"><b>Total</b></td><td><b>€127.98</b></td></tr></table>";

      assertThat(md(html)).isEqualTo("""
          | Item      | SKU | Qty | Price       |
          |-----------|-----|-----|-------------|
          | Pen       | P-1 | 2   | €3.00       |
          | **Total** |     |     | **€127.98** |""");
    }

    @Test
    void rowspanRepeatsTheValueInEveryRow() {
      String html = "<table><tr><th>Day</th><th>Time</th><th>Talk</th></tr>"
          + "<tr><td rowspan=\"2\">Mon</td><td>9:00</td><td>Keynote</td></tr><tr><td>10:00</td><td>Panel</td></tr>"
          + "<tr><td>Tue</td><td rowspan=\"0\">all day</td><td>Lab</td></tr></table>";

      assertThat(md(html)).isEqualTo("""
          | Day | Time    | Talk    |
          |-----|---------|---------|
          | Mon | 9:00    | Keynote |
          | Mon | 10:00   | Panel   |
          | Tue | all day | Lab     |""");
    }

    @Test
    void aHeadingSpanningColumnsNamesEach() {
      String html = "<table><tr><th colspan=\"2\">Name</th><th>Age</th></tr>"
          + "<tr><td>Ada</td><td>Lovelace</td><td>36</td></tr></table>";

      assertThat(md(html)).isEqualTo("""
          | Name | Name     | Age |
          |------|----------|-----|
          | Ada  | Lovelace | 36  |""");
    }

    @Test
    void aCaptionAndAFullWidthTitleRowStandAboveTheTable() {
      String html = "<table><caption>Delivery</caption><tr><th colspan=\"3\">Message Hops</th></tr>"
          + "<tr><th>Hop</th><th>From</th><th>To</th></tr><tr><td>1</td><td>a.example</td><td>b.example</td></tr></table>";

      assertThat(md(html)).isEqualTo("""
          Delivery
          Message Hops

          | Hop | From      | To        |
          |-----|-----------|-----------|
          | 1   | a.example | b.example |""");
    }

    @Test
    void aTableTooWideForPipesIsWrittenAsRows() {
      StringBuilder html = new StringBuilder("<table><tr>");
      for (int c = 0; c < MarkdownTable.MAX_COLUMNS + 1; c++) html.append("<th>h").append(c).append("</th>");
      html.append("</tr><tr><td>a</td><td colspan=\"1000\">b</td></tr></table>");

      String result = md(html.toString());

      assertThat(result).doesNotContain("|").startsWith("h0 · h1 · h2").endsWith("h32\na · b");
    }
  }

  @Nested
  @DisplayName("3. a link around blocks keeps its URL")
  class BlockLinks {
    @Test
    void headingInALink() {
      String result = md("<a href=\"https://news.example/story\"><h2>Big story headline</h2></a>");

      assertThat(result).isEqualTo("## [Big story headline](https://news.example/story)");
      assertThat(CommonMark.html(result)).isEqualTo("<h2><a href=\"https://news.example/story\">Big story headline</a></h2>");
    }

    @Test
    void anExclamationMarkBeforeALinkIsNoImage() {
      String result = md("<p>Wow!<a href=\"https://x.example/offer\">See the offer</a></p>");

      assertThat(result).isEqualTo("Wow\\![See the offer](https://x.example/offer)");
      assertThat(CommonMark.html(result)).isEqualTo("<p>Wow!<a href=\"https://x.example/offer\">See the offer</a></p>");
    }

    @Test
    void teaserWithImageHeadingAndText() {
      String result = md("<a href=\"https://news.example/s\"><div><img src=\"https://news.example/i.jpg\" alt=\"Photo\">"
          + "</div><h3>Title</h3><p>Teaser <b>text</b></p></a><p>After</p>");

      assertThat(result).isEqualTo("[![Photo](https://news.example/i.jpg)](https://news.example/s)\n\n"
          + "### [Title](https://news.example/s)\n\n[Teaser **text**](https://news.example/s)\n\nAfter");
    }
  }

  @Nested
  @DisplayName("4. emphasis always renders as emphasis")
  class Emphasis {
    @Test
    void emphasisSplitByBlankLinesIsWrittenPerParagraph() {
      String result = md("<p><strong><em>New!</em> Office 365<br><br>By Microsoft</strong></p>");

      assertThat(result).isEqualTo("***New!* Office 365**\n\n**By Microsoft**");
      assertThat(CommonMark.html(result)).isEqualTo("<p><strong><em>New!</em> Office 365</strong></p>\n"
          + "<p><strong>By Microsoft</strong></p>");
    }

    @Test
    void closerAfterPunctuationBeforeALetterGetsASpace() {
      String result = md("<p><strong>Total:</strong>42 and <i>(sic)</i>x</p>");

      assertThat(result).isEqualTo("**Total:** 42 and *(sic)* x");
      assertThat(CommonMark.html(result)).isEqualTo("<p><strong>Total:</strong> 42 and <em>(sic)</em> x</p>");
    }

    @Test
    void openerBeforePunctuationAfterALetterGetsASpace() {
      String result = md("<p>Price<b>:</b><b>€5</b> and word<i>\"quoted\"</i></p>");

      assertThat(result).isEqualTo("Price **:** **€5** and word *\"quoted\"*");
      assertThat(CommonMark.html(result))
          .isEqualTo("<p>Price <strong>:</strong> <strong>€5</strong> and word <em>&quot;quoted&quot;</em></p>");
    }

    @Test
    void adjacentRunsOfTheSameEmphasisMerge() {
      String result = md("<p><b>Impor</b><b>tant</b> and <i>a</i><i>b</i> and <s>x</s><s>y</s></p>");

      assertThat(result).isEqualTo("**Important** and *ab* and ~~xy~~");
      assertThat(CommonMark.html(result)).startsWith("<p><strong>Important</strong> and <em>ab</em>");
    }

    @Test
    void emphasisAroundBlocksMarksEachBlock() {
      String result = md("<b><div>one</div><div>two</div></b><i><ul><li>a</li><li>b</li></ul></i>");

      assertThat(result).isEqualTo("**one**\n**two**\n\n* *a*\n* *b*");
      assertThat(CommonMark.html(result)).contains("<strong>one</strong>", "<strong>two</strong>", "<em>a</em>",
          "<em>b</em>");
    }
  }

  @Nested
  @DisplayName("6. lists, superscripts, tildes, teletype")
  class Smaller {
    @Test
    void listDirectlyInAListNestsUnderThePreviousItem() {
      assertThat(md("<ul><li>a</li><ul><li>b</li><li>c</li></ul><li>d</li></ul>")).isEqualTo("* a\n  * b\n  * c\n* d");
      assertThat(md("<ol><li>one</li><ol><li>x</li><li>y</li></ol><li>two</li></ol>"))
          .isEqualTo("1. one\n   1. x\n   2. y\n2. two");
      assertThat(CommonMark.html(md("<ol><li>one</li><ol><li>x</li></ol><li>two</li></ol>")))
          .isEqualTo("<ol>\n<li>one\n<ol>\n<li>x</li>\n</ol>\n</li>\n<li>two</li>\n</ol>");
    }

    @Test
    void superscriptIsWrittenWithACaret() {
      assertThat(md("<p>10<sup>6</sup> users, x<sup>n+1</sup>, E=mc<sup>2</sup></p>"))
          .isEqualTo("10^6 users, x^(n+1), E=mc^2");
      // ordinals and symbols read the same on the line
      assertThat(md("<p>the 1<sup>st</sup> and 2<sup>e</sup>, Brand<sup>®</sup>, note<sup>*</sup></p>"))
          .isEqualTo("the 1st and 2e, Brand®, note\\*");
      assertThat(md("<p>H<sub>2</sub>O</p>")).isEqualTo("H2O");
    }

    @Test
    void tildesThatCouldStrikeAreEscaped() {
      String result = md("<p>not ~~struck~~, a~b~c, about ~20 min</p>");

      assertThat(result).isEqualTo("not \\~\\~struck\\~\\~, a\\~b\\~c, about ~20 min");
      assertThat(result).doesNotContainPattern("(?<!\\\\)~~");
    }

    @Test
    void teletypeIsAFontNotCode() {
      assertThat(md("<p><tt>line one</tt><br><tt>line two</tt></p><p><tt>a<br>b</tt></p><p><code>x</code></p>"))
          .isEqualTo("line one\nline two\n\na\nb\n\n`x`");
    }
  }
}
