package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the cleaner hides because a mail client does not show it (issue 14), and what it must keep. */
class HiddenContentTest {
  private static final HtmlToMarkdown MARKDOWN = new HtmlToMarkdown(1_000_000, 1_000_000, Duration.ofSeconds(30));

  private static String md(String html) {
    return MARKDOWN.convert(html);
  }

  @Test
  void classRulesOfTheStyleSheetHide() {
    String html = "<html><head><style>/* preheader */ .preheader { display: none !important; }"
        + " .mobile-only{display:none} div.ghost, #gone {visibility:hidden} a:hover {display:none}"
        + " @media only screen and (max-width:600px) { .mobile-only { display:block !important }"
        + " .desktop { display:none } }</style></head><body>"
        + "<div class=\"preheader\">Preheader teaser</div><div class=\"mobile-only\">Open in the app</div>"
        + "<div class=\"desktop\">Desktop text</div><div class=\"ghost\">Ghost</div><p id=\"gone\">Gone</p>"
        + "<p><a href=\"https://x.example\">Link</a></p></body></html>";

    assertThat(md(html)).isEqualTo("Desktop text\n\n[Link](https://x.example)");
  }

  @Test
  void aStyleAttributeBeatsTheSheetUnlessImportant() {
    String html = "<style>.shy{display:none} .gone{display:none!important}</style>"
        + "<div class=\"shy\" style=\"display:block\">Shown</div><div class=\"gone\" style=\"display:block\">Hidden</div>";

    assertThat(md(html)).isEqualTo("Shown");
  }

  @Test
  void opacityZeroAndZeroHeightWithOverflowHiddenHide() {
    String html = "<div style=\"opacity:0\">Opacity</div><div style=\"opacity: 0.0\">Opacity two</div>"
        + "<div style=\"max-height:0px; overflow:hidden; mso-hide:all\">Preheader</div>"
        + "<div style=\"height:0;overflow:hidden\">Height</div><div style=\"opacity:0.5\">Half</div>"
        + "<div style=\"max-height:0\">Overflowing</div>";

    assertThat(md(html)).isEqualTo("Half\nOverflowing");
  }

  @Test
  void fontSizeZeroHidesOnlyTheTextWithoutALargerSize() {
    // the inline-block column layout: font-size:0 on the cell removes the gaps, the columns set their own size
    String html = "<table role=\"presentation\"><tr><td style=\"font-size:0\">"
        + "<div style=\"display:inline-block;font-size:14px\">Column one</div> gap "
        + "<div style=\"display:inline-block\"><span style=\"font-size:16px\">Column two</span> tiny</div>"
        + "</td></tr></table><p style=\"font-size:0px\">Zero <b>bold zero</b></p>";

    assertThat(md(html)).isEqualTo("Column one\nColumn two");
  }

  @Test
  void textColouredLikeItsBackgroundHides() {
    String html = "<p><span style=\"color:#ffffff\">White on white</span> visible <font color=\"#FFF\">font</font>"
        + " <span style=\"color:rgb(254, 254, 254)\">almost white</span> <span style=\"color:transparent\">clear</span>"
        + "</p><table bgcolor=\"#000000\"><tr><td><span style=\"color:#fff\">White on black</span></td></tr></table>"
        + "<div style=\"background:#003366 url(bg.png)\"><span style=\"color:#003366\">Over an image</span></div>"
        + "<div style=\"background-color:#0066cc\"><a href=\"https://x.example/buy\" style=\"color:#fff\">Buy</a></div>"
        + "<div style=\"color:#fff\"><a href=\"https://x.example/l\">Blue link</a></div>";

    assertThat(md(html)).isEqualTo("visible\n\nWhite on black\nOver an image\n[Buy](https://x.example/buy)\n"
        + "[Blue link](https://x.example/l)");
  }

  @Test
  void aDarkBodyShowsLightText() {
    String html = "<html><head><style>body { background-color: #111111; color: #eeeeee }</style></head>"
        + "<body><p>Dark mail</p><p style=\"color:#111\">Black on black</p></body></html>";

    assertThat(md(html)).isEqualTo("Dark mail");
  }

  @Test
  void trackingPixelsGoRealImagesStay() {
    String html = "<p>Hi<img src=\"https://t.example/open.gif\" width=\"1\" height=\"1\">"
        + "<img src=\"https://t.example/a\" style=\"width:1px !important; height:1px\">"
        + "<img src=\"https://list.example/track/open.php?u=1&amp;id=2\">"
        + "<img src=\"https://u.example/wf/open?upn=abc\" alt=\"\"><img src=\"https://cdn.example/spacer.gif\">"
        + "<img src=\"https://cdn.example/logo.png\" alt=\"Logo\"><img src=\"https://cdn.example/photo.jpg\">"
        + "<img src=\"https://t.example/pixel.gif\" alt=\"Pixel art\"><img src=\"https://t.example/t.gif\" width=\"300\"></p>";

    assertThat(md(html)).isEqualTo("Hi![Logo](https://cdn.example/logo.png)![](https://cdn.example/photo.jpg)"
        + "![Pixel art](https://t.example/pixel.gif)![](https://t.example/t.gif)");
  }

  @Test
  void dataUriImagesAreTheirAltTextOrAPlaceholder() {
    String base64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk".repeat(50);
    String html = "<p><img src=\"data:image/png;base64," + base64 + "\" alt=\"Company logo\"> and "
        + "<img src=\" DATA:image/gif;base64,R0lGOD\"> and <a href=\"data:text/html;base64," + base64 + "\">link</a></p>";

    String result = md(html);

    assertThat(result).isEqualTo("Company logo and " + HtmlCleaner.IMAGE + " and link");
    assertThat(HtmlToMarkdown.flexmarkAvailable()).isTrue();
    assertThat(HtmlToMarkdown.flexmark(1_000_000, 1_000_000, Duration.ofSeconds(30)).convert(html))
        .doesNotContain("base64", "iVBOR");
  }

  @Test
  void ariaHiddenAndTheBodyItselfStay() {
    assertThat(md("<body hidden><p aria-hidden=\"true\">Decoration</p></body>")).isEqualTo("Decoration");
    assertThat(md("<style>body{display:none}</style><body><p>Text</p></body>")).isEqualTo("Text");
  }
}
