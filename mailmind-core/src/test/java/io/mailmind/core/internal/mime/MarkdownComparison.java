package io.mailmind.core.internal.mime;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Scores the Markdown of one HTML body by the defects a reader would notice, so two converters can be compared
 * on the same documents ({@code bench/java/MarkdownCompare.java}, {@code docs/markdown.md}): visible words lost,
 * link URLs lost, emphasis delimiters a CommonMark reader shows as text, table rows with a different number of
 * cells than their header. Lower is better; 0 is none found. Public for the bench script; stateless.
 */
public final class MarkdownComparison {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern ESCAPE = Pattern.compile("\\\\([\\p{Punct}])");

  /** The defects of one output, by kind. */
  public record Defects(int lostWords, int lostLinks, int strayDelimiters, int raggedRows) {
    public int total() {
      return lostWords + lostLinks + strayDelimiters + raggedRows;
    }
  }

  private MarkdownComparison() {}

  public static Defects score(String html, String markdown) {
    Element body = HtmlCleaner.parse(html).body();
    String plain = ESCAPE.matcher(markdown).replaceAll("$1");
    return new Defects(lostWords(body, plain.toLowerCase(Locale.ROOT)), lostLinks(body, plain),
        strayDelimiters(body, markdown), raggedRows(markdown));
  }

  private static int lostWords(Element body, String plain) {
    Set<String> have = new HashSet<>();
    Matcher words = WORD.matcher(plain);
    while (words.find()) have.add(words.group());
    int[] lost = {0};
    NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
      if (node instanceof TextNode text) {
        Matcher m = WORD.matcher(text.getWholeText().toLowerCase(Locale.ROOT));
        while (m.find()) {
          if (!have.contains(m.group()) && !plain.contains(m.group())) lost[0]++;
        }
      }
    }, body);
    return lost[0];
  }

  /** Links with text whose allowed URL appears nowhere in the Markdown. */
  private static int lostLinks(Element body, String plain) {
    int lost = 0;
    for (Element link : body.select("a[href]")) {
      String url = LinkPolicy.destination(link.attr("href"));
      if (url == null || url.startsWith("#") || link.text().isBlank()) continue;
      if (!plain.contains(url)) lost++;
    }
    return lost;
  }

  /** How many more {@code *} and {@code _} a CommonMark reader shows than the document has. */
  private static int strayDelimiters(Element body, String markdown) {
    StringBuilder visible = new StringBuilder(body.wholeText());
    for (Element image : body.getElementsByTag("img")) {
      if (LinkPolicy.destination(image.attr("src")) == null) visible.append(image.attr("alt"));
    }
    String shown = Jsoup.parseBodyFragment(CommonMark.html(markdown)).body().wholeText();
    int stray = 0;
    for (char c : new char[] {'*', '_'}) {
      stray += (int) Math.abs(count(shown, c) - count(visible, c));
    }
    return stray;
  }

  /** Rows of pipe tables whose cell count differs from their header's. */
  private static int raggedRows(String markdown) {
    int ragged = 0;
    int header = -1;
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("|")) {
        header = -1;
        continue;
      }
      int cells = cells(line);
      if (header < 0) header = cells;
      else if (cells != header) ragged++;
    }
    return ragged;
  }

  private static int cells(String line) {
    int pipes = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\\') i++;
      else if (line.charAt(i) == '|') pipes++;
    }
    return pipes;
  }

  private static long count(CharSequence text, char c) {
    return text.chars().filter(ch -> ch == c).count();
  }
}
