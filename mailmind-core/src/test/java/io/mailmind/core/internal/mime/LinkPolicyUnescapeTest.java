package io.mailmind.core.internal.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * {@link LinkPolicy#unescape}, which skips jsoup when it would decode nothing, against jsoup's
 * {@link Parser#unescapeEntities(String, boolean)} itself: equal on every seeded random string and URL, and jsoup
 * is skipped only where it changes nothing.
 */
class LinkPolicyUnescapeTest {
  /** Entity names and their neighbours: base ones, extended ones, upper case, with digits, prefixes, none. */
  private static final String[] NAMES = {"amp", "AMP", "lt", "gt", "quot", "nbsp", "copy", "reg", "not", "notin",
      "notit", "lang", "rang", "frac12", "frac1", "frac34", "sup2", "sup", "image", "times", "para", "sect", "cent",
      "pound", "euro", "hellip", "mdash", "apos", "eacute", "Eacute", "szlig", "yen", "micro", "deg", "plusmn",
      "ampx", "am", "a", "id", "utm", "lang1", "x", "colon", "Tab", "NewLine", "acE", "nGt", "fjlig", "ThickSpace"};
  private static final String[] PIECES = {"&", "&", "&", "#", "#x", "#X", ";", "=", "-", "_", "1", "09", "10",
      "106", "x6A", "FFFF", "110000", "128", "0", "é", " ", "\t", "\n", "<", "?", "/", ":", "a", "Z", "q=", "%26"};

  @Test
  void equalsJsoupOnRandomStrings() {
    Random random = new Random(261_116);
    int skipped = 0;
    int decoded = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(8); n >= 0; n--) {
        switch (random.nextInt(3)) {
          case 0 -> text.append('&').append(NAMES[random.nextInt(NAMES.length)]);
          case 1 -> text.append(NAMES[random.nextInt(NAMES.length)]);
          default -> text.append(PIECES[random.nextInt(PIECES.length)]);
        }
      }
      String input = text.toString();
      String jsoup = Parser.unescapeEntities(input, true);
      if (LinkPolicy.mayDecode(input)) {
        if (!jsoup.equals(input)) decoded++;
      } else if (input.indexOf('&') >= 0) {
        skipped++;
      }
      assertThat(LinkPolicy.unescape(input)).as("%s", input).isEqualTo(jsoup);
    }
    assertThat(skipped).as("strings with '&' that skip jsoup").isGreaterThan(20_000);
    assertThat(decoded).as("strings that jsoup decodes").isGreaterThan(20_000);
  }

  @Test
  void equalsJsoupOnRandomUrls() {
    Random random = new Random(7);
    for (String url : urls(random, 50_000)) {
      assertThat(LinkPolicy.unescape(url)).as("%s", url).isEqualTo(Parser.unescapeEntities(url, true));
    }
  }

  @Test
  void skipsJsoupForPlainQueryStrings() {
    assertThat(LinkPolicy.mayDecode("https://e.example/t?u=1&id=2&utm_source=news&utm_medium=email")).isFalse();
    assertThat(LinkPolicy.mayDecode("https://e.example/t?a=1&amp=2&not-x&copy_1")).isFalse();
    assertThat(LinkPolicy.mayDecode("https://e.example/t?a=1&copy")).isTrue();
    assertThat(LinkPolicy.mayDecode("https://e.example/t?a=1&lang;")).isTrue();
    assertThat(LinkPolicy.mayDecode("https://e.example/t?a=1&#38;")).isTrue();
  }

  /** URLs as newsletters write them: query strings whose keys are sometimes entity names. */
  private static List<String> urls(Random random, int count) {
    String[] keys = {"u", "id", "utm_source", "utm_medium", "lang", "not", "copy", "reg", "amp", "para", "sect",
        "times", "image", "cent", "x1", "frac12", "nbsp", "lt", "quot"};
    String[] separators = {"&", "&", "&", "&amp;", "&#38;", "&#x26;", ";"};
    String[] ends = {"=", "=", "", "-", "_", ";", "é", "1"};
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder url = new StringBuilder("https://click.example.com/track?");
      for (int n = random.nextInt(6); n >= 0; n--) {
        if (n < 5 || random.nextBoolean()) url.append(separators[random.nextInt(separators.length)]);
        url.append(keys[random.nextInt(keys.length)]).append(ends[random.nextInt(ends.length)]);
        if (random.nextBoolean()) url.append(random.nextInt(100_000));
      }
      urls.add(url.toString());
    }
    return urls;
  }
}
