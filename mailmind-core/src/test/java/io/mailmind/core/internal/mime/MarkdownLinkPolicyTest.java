package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Link and image URLs in Markdown output ({@link LinkPolicy}), for the default renderer and the flexmark path.
 * Each output is also rendered to HTML by a CommonMark renderer (flexmark's) to check what would become a live
 * {@code href} or {@code src}.
 */
class MarkdownLinkPolicyTest {
  private static final HtmlToMarkdown RENDERER = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(30));
  private static final HtmlToMarkdown FLEXMARK =
      HtmlToMarkdown.flexmark(2_000_000, 500_000, Duration.ofSeconds(30));
  private static final Parser MARKDOWN = Parser.builder().build();
  private static final HtmlRenderer HTML = HtmlRenderer.builder().build();

  /** Hostile URLs as they stand in an HTML attribute (so before jsoup decodes entities once). */
  private static final String[] HOSTILE = {
      "javascript:alert(6)",
      "vbscript:msgbox(1)",
      "java\tscript:alert(1)",
      "java&#9;script:alert(1)",
      "java\nscript:alert(1)",
      "java&#x0A;script:alert(1)",
      " \u0001javascript:alert(1)",
      "&#0;javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "VBScript:MsgBox(1)",
      "&#106;avascript:alert(1)",
      "&#x6A;avascript:alert(1)",
      "&amp;#106;avascript:alert(1)",
      "&amp;amp;#106;avascript:alert(1)",
      "javascript&colon;alert(1)",
      "javascript&amp;colon;alert(1)",
      "javascript\\:alert(1)",
      "jav&#x09;ascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "DATA:image/svg+xml,<svg onload=alert(1)>",
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
      "file:///etc/passwd",
      "ftp://x.example/f",
      "//evil.example/x",
      "relative/page.html",
  };

  static Stream<Arguments> hostileUrls() {
    List<Arguments> cases = new ArrayList<>();
    for (String url : HOSTILE) {
      cases.add(Arguments.of("renderer", url));
      cases.add(Arguments.of("flexmark", url));
    }
    return cases.stream();
  }

  private static HtmlToMarkdown converter(String name) {
    return name.equals("flexmark") ? FLEXMARK : RENDERER;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("hostileUrls")
  void aDisallowedLinkKeepsItsTextAndADisallowedImageItsAltText(String converter, String url) {
    String attribute = url.replace("\"", "&quot;");
    String markdown = converter(converter).convert("<p>before <a href=\"" + attribute + "\">the text</a> and "
        + "<img src=\"" + attribute + "\" alt=\"the alt\"> after</p>");

    assertThat(markdown).isEqualTo("before the text and the alt after");
    assertThat(liveUrls(markdown)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("converters")
  void theVectorsOfIssue13(String converter) {
    String markdown = converter(converter).convert("<p><img alt=\"x\" src=\"javascript:alert(6)\">"
        + " <a href=\"vbscript:msgbox(1)\">vb</a> <a href=\"java&#9;script:alert(1)\">t</a>"
        + " <img alt=\"img (1)\" src=\"javascript:alert(6) \"> <a href=\"java script:alert(1)\">sp</a></p>");

    assertThat(markdown).isEqualTo("x vb t img (1) sp").doesNotContain("script:", "](");
    assertThat(liveUrls(markdown)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("converters")
  void allowedSchemesStayWrittenInLowerCase(String converter) {
    String markdown = converter(converter).convert("<p><a href=\"https://x.example/a\">s</a>"
        + " <a href=\"HTTP://x.example/b\">h</a> <a href=\"MailTo:me@x.example\">m</a>"
        + " <img src=\"cid:logo@x.example\" alt=\"logo\"> <img src=\"https://x.example/i.png\" alt=\"i\">"
        + " <a href=\"&#104;ttps://x.example/c\">e</a> <a href=\"ht&#9;tps://x.example/d\">w</a></p>");

    assertThat(markdown).isEqualTo("[s](https://x.example/a) [h](http://x.example/b) [m](mailto:me@x.example)"
        + " ![logo](cid:logo@x.example) ![i](https://x.example/i.png) [e](https://x.example/c)"
        + " [w](https://x.example/d)");
    assertThat(liveUrls(markdown)).containsExactly("https://x.example/a", "http://x.example/b", "mailto:me@x.example",
        "cid:logo@x.example", "https://x.example/i.png", "https://x.example/c", "https://x.example/d");
  }

  @Test
  void anchorLinksAreTextInTheRendererAndLinksInFlexmark() {
    assertThat(RENDERER.convert("<p><a href=\"#top\">top</a></p>")).isEqualTo("top");
    assertThat(FLEXMARK.convert("<p><a href=\"#top\">top</a></p>")).isEqualTo("[top](#top)");
  }

  @Test
  void thePolicyDecidesOnTheDecodedUrlAndWritesWhatItDecided() {
    assertThat(LinkPolicy.destination("https://x.example/?a=1&b=2")).isEqualTo("https://x.example/?a=1&b=2");
    assertThat(LinkPolicy.destination(" \thttps://x.example/\u0000a\u007f \n")).isEqualTo("https://x.example/a");
    assertThat(LinkPolicy.destination("#section-2")).isEqualTo("#section-2");
    assertThat(LinkPolicy.destination("&#104;ttps://x.example")).isEqualTo("https://x.example");
    assertThat(LinkPolicy.destination("https&colon;//x.example")).isEqualTo("https://x.example");
    assertThat(LinkPolicy.destination("Ht\u00a0Tp\u2003S:x")).isEqualTo("https:x");
    assertThat(LinkPolicy.destination("&#106;avascript:x")).isNull();
    assertThat(LinkPolicy.destination("javascript&colon;x")).isNull();
    assertThat(LinkPolicy.destination("java&Tab;script:x")).isNull();
    assertThat(LinkPolicy.destination("&amp;".repeat(3) + "#106;avascript:x")).isNull();
    assertThat(LinkPolicy.destination("&amp;amp;amp;amp;amp;amp;#104;ttps://x.example")).isNull();
    assertThat(LinkPolicy.destination("https\\://x.example")).isNull();
    assertThat(LinkPolicy.destination("data:image/png;base64,AAAA")).isNull();
    assertThat(LinkPolicy.destination("x.png")).isNull();
    assertThat(LinkPolicy.destination("")).isNull();
  }

  /** Generated links and images with hostile URLs: no other scheme becomes live, in either converter. */
  @Test
  void noGeneratedUrlGetsThrough() {
    Random random = new Random(13);
    String[] schemes = {"javascript", "vbscript", "data", "file", "https", "mailto", "cid", "http", "livescript"};
    String[] noise = {"", "\t", "\n", "\u0000", "\u0001", "&#9;", "&#x0A;", "&#0;", " ", "\\"};
    for (int i = 0; i < 300; i++) {
      StringBuilder url = new StringBuilder();
      if (random.nextInt(3) == 0) url.append(noise[random.nextInt(noise.length)]);
      String scheme = schemes[random.nextInt(schemes.length)];
      for (char c : scheme.toCharArray()) {
        char cased = random.nextBoolean() ? Character.toUpperCase(c) : c;
        switch (random.nextInt(6)) {
          case 0 -> url.append("&#").append((int) cased).append(';');
          case 1 -> url.append("&amp;#x").append(Integer.toHexString(cased)).append(';');
          case 2 -> url.append(cased).append(noise[random.nextInt(noise.length)]);
          default -> url.append(cased);
        }
      }
      url.append(switch (random.nextInt(4)) {
        case 0 -> "&colon;";
        case 1 -> "&amp;colon;";
        case 2 -> "\\:";
        default -> ":";
      }).append("alert(").append(i).append(')');
      String attribute = url.toString().replace("\"", "&quot;");
      String html = "<p>x <a href=\"" + attribute + "\">link " + i + "</a> <img alt=\"alt " + i + "\" src=\""
          + attribute + "\"></p>";
      for (HtmlToMarkdown converter : List.of(RENDERER, FLEXMARK)) {
        String markdown = converter.convert(html);
        assertThat(markdown).as(html).contains("link " + i, "alt " + i);
        for (String live : liveUrls(markdown)) assertThat(allowedScheme(live)).as("%s -> %s", html, live).isTrue();
      }
    }
  }

  /** The property of issue 13 over every HTML body of the test corpus, in both converters. */
  @Test
  void noCorpusMarkdownHasALinkOrImageWithAnotherScheme() {
    MessageMapper mapper = new MessageMapper();
    MessageKey key = MessageKey.of("acct", "INBOX", 1, 1);
    int htmlBodies = 0;
    int liveLinks = 0;
    for (Corpus.Entry entry : Corpus.entries()) {
      MessageContent content = mapper.map(key, RawMessage.of(Corpus.bytes(entry.path())));
      if (content.html() == null) continue;
      htmlBodies++;
      for (HtmlToMarkdown converter : List.of(RENDERER, FLEXMARK)) {
        String markdown = converter.convert(content.html());
        for (String live : liveUrls(markdown)) {
          assertThat(allowedScheme(live)).as("%s: %s", entry, live).isTrue();
          liveLinks++;
        }
      }
    }
    assertThat(htmlBodies).isGreaterThan(20);
    assertThat(liveLinks).isGreaterThan(50);
  }

  static Stream<String> converters() {
    return Stream.of("renderer", "flexmark");
  }

  /**
   * The {@code href} and {@code src} values (entities decoded) of the HTML a CommonMark renderer makes of
   * {@code markdown}: links, images, autolinks and raw HTML alike.
   */
  private static List<String> liveUrls(String markdown) {
    String html = HTML.render(MARKDOWN.parse(markdown));
    List<String> urls = new ArrayList<>();
    for (Element element : Jsoup.parseBodyFragment(html).select("[href], [src]")) {
      urls.add(element.hasAttr("href") ? element.attr("href") : element.attr("src"));
    }
    return urls;
  }

  /** As a browser reads the scheme: without ASCII control characters and spaces, in any case. */
  private static boolean allowedScheme(String url) {
    String normal = url.replaceAll("[\\x00-\\x20\\x7f]", "").toLowerCase(Locale.ROOT);
    return normal.startsWith("https:") || normal.startsWith("http:") || normal.startsWith("mailto:")
        || normal.startsWith("cid:") || normal.startsWith("#");
  }
}
