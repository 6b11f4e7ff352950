package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Markdown writer through {@link HtmlToMarkdown} (cleaning and tidying included), exact outputs. */
class MarkdownRendererTest {
  private final HtmlToMarkdown markdown = new HtmlToMarkdown(1_000_000, 1_000_000, Duration.ofSeconds(30));

  private String md(String html) {
    return markdown.convert(html);
  }

  @Test
  void escapesTextThatMarkdownWouldReadAsMarkup() {
    assertThat(md("<p>a * b [x] `q` \\ back <b>x</b> &lt;tag&gt; &amp;amp; R&amp;D</p>"))
        .isEqualTo("a \\* b \\[x\\] \\`q\\` \\\\ back **x** \\<tag> \\&amp; R&D");
    assertThat(md("<p># not a heading</p><p>#hashtag</p><p>- not a list</p><p>+ nor this</p><p>1. nor this</p>"
        + "<p>2024) neither</p><p>&gt; not a quote</p><p>---</p><p>===</p><p>~~~ no fence</p>"))
        .isEqualTo("\\# not a heading\n\n#hashtag\n\n\\- not a list\n\n\\+ nor this\n\n1\\. nor this\n\n2024\\) neither"
            + "\n\n\\> not a quote\n\n\\---\n\n\\===\n\n\\~\\~\\~ no fence");
    assertThat(md("<p>snake_case and _emphasis_ and ____ and ---------- Forwarded ----------</p>"))
        .isEqualTo("snake_case and \\_emphasis\\_ and ____ and ---------- Forwarded ----------");
  }

  @Test
  void keepsZeroWidthJoinerAndNonJoinerAsText() {
    // U+200D joins four faces into one family emoji; U+200C spells the Persian word as it is written.
    String family = "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66";
    assertThat(md("<p>" + family + "</p>")).isEqualTo(family);
    assertThat(md("<p>\u0645\u06cc&zwnj;\u062e\u0648\u0627\u0647\u0645</p>"))
        .isEqualTo("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");
  }

  @Test
  void collapsesWhiteSpaceAndDropsInvisibleCharacters() {
    assertThat(md("<p>  lots   of \n\t spaces&nbsp;&nbsp;and&#8203;zero&#8288;width&shy;&#847; </p>"))
        .isEqualTo("lots of spaces andzerowidth");
    assertThat(md("<p>line<br>two<br><br>three</p>")).isEqualTo("line\ntwo\n\nthree");
    assertThat(md("text before<p>para</p>text after")).isEqualTo("text before\n\npara\n\ntext after");
    assertThat(md("<div>one<div>two</div>three</div>")).isEqualTo("one\ntwo\nthree");
  }

  @Test
  void inlineFormats() {
    assertThat(md("<p><b>bold <i>both</i></b> <strong></strong> <em> spaced </em>x<s>gone</s> a<code>b*c</code>"
        + " <code>`tick`</code></p>"))
        .isEqualTo("**bold *both*** *spaced* x~~gone~~ a`b*c` `` `tick` ``");
    assertThat(md("<p><b><b><b>nested</b></b></b></p>")).isEqualTo("**nested**");
  }

  @Test
  void linksAndImages() {
    assertThat(md("<p><a href=\"https://x.example/a?b=1&amp;c=(2)\">paren</a> <a href=\"https://u.example\"> spaced </a>"
        + "<a href=\"#top\">anchor</a> <a href=\"javascript:x()\">script</a> <a href=\"https://v.example\"></a>"
        + "<a href=\"https://w.example\"><img src=\"cid:i.png\" alt=\"I [1]\"></a> <img src=\"http://x.example/a b.png\">"
        + "<img alt=\"no src\"></p>"))
        .isEqualTo("[paren](<https://x.example/a?b=1&c=(2)>) [spaced](https://u.example) anchor script"
            + " [![I \\[1\\]](cid:i.png)](https://w.example) ![](<http://x.example/a b.png>)");
    // mail has no base URL: relative links keep their text, relative images their alt text
    assertThat(md("<p><a href=\"u\">rel</a> <img src=\"i.png\" alt=\"I [1]\"></p>")).isEqualTo("rel I \\[1\\]");
    assertThat(md("<p><a href=\"https://x.example/a\\b\">back</a></p>")).isEqualTo("[back](<https://x.example/a\\\\b>)");
    // a link around blocks links the text of each
    assertThat(md("<a href=\"https://x.example\"><div>Block</div><div>link</div></a>"))
        .isEqualTo("[Block](https://x.example)\n[link](https://x.example)");
  }

  @Test
  void listsQuotesCodeAndRules() {
    assertThat(md("<ul><li>a<ul><li>b</li><li>c<ol start=\"3\"><li>d</li></ol></li></ul></li>"
        + "<li><p>para item</p><p>second</p></li><li></li></ul><p>after</p>"))
        .isEqualTo("* a\n  * b\n  * c\n    3. d\n* para item\n\n  second\n\n*\n\nafter");
    assertThat(md("<blockquote><p>q1</p><blockquote>q2</blockquote><p>q3</p></blockquote>"))
        .isEqualTo("> q1\n>\n> > q2\n>\n> q3");
    assertThat(md("<pre><code>x = 1\n  y *= 2\n</code></pre><hr><h2>Head <a href=\"https://u.example\">link</a><br>two</h2>"))
        .isEqualTo("```\nx = 1\n  y *= 2\n```\n\n---\n\n## Head [link](https://u.example) two");
    assertThat(md("<pre>has ``` fence</pre>")).isEqualTo("~~~~\nhas ``` fence\n~~~~");
  }

  @Test
  void dataTablesArePipeTables() {
    assertThat(md("<table><tr><th>Name</th><th>Qty</th></tr><tr><td>Apple | pie</td><td><b>3</b></td></tr>"
        + "<tr><td>x</td></tr></table>"))
        .isEqualTo("| Name         | Qty   |\n|--------------|-------|\n| Apple \\| pie | **3** |\n| x            |       |");
  }
}
