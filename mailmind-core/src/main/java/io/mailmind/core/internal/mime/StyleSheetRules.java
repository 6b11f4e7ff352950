package io.mailmind.core.internal.mime;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/**
 * The declarations that a document's {@code <style>} blocks give its elements, for the properties that decide
 * what shows ({@link HiddenContent}): newsletters hide their preheader and their mobile-only blocks with a class
 * rule ({@code .preheader {display:none}}), not a style attribute. Only top-level rules count (a mail client on a
 * desktop ignores {@code @media} rules for small screens, and a hiding rule inside one is about phones), and only
 * simple selectors: tag, class, id, attribute, combinators, matched by jsoup; one with a pseudo-class or one jsoup
 * cannot parse is skipped. Rules are applied in document order without weighing specificity. Not thread-safe;
 * one per document.
 */
final class StyleSheetRules {
  /** Only rules setting these can change what is hidden; the others are not worth matching. */
  private static final Set<String> RELEVANT = Set.of("display", "visibility", "opacity", "max-height", "height",
      "max-width", "width", "overflow", "overflow-y", "font-size", "color", "background", "background-color",
      "background-image");
  private static final Set<String> COLOURS = Set.of("color", "background", "background-color");
  /** Bounds the work a style sheet can ask for: each selector is one pass over the document. */
  private static final int MAX_SELECTORS = 300;
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

  private final Map<Element, Map<String, String>> declared = new IdentityHashMap<>();

  private StyleSheetRules() {}

  /** The rules of {@code document}'s style elements (call before they are removed). */
  static StyleSheetRules of(Document document) {
    StyleSheetRules rules = new StyleSheetRules();
    int[] budget = {MAX_SELECTORS};
    for (Element style : DocumentOrder.select(document, element -> element.normalName().equals("style"))) {
      rules.read(document, COMMENT.matcher(style.data()).replaceAll(" "), budget);
    }
    return rules;
  }

  /** The declarations of the rules matching {@code element}, or null. */
  Map<String, String> of(Element element) {
    return declared.get(element);
  }

  private void read(Document document, String sheet, int[] budget) {
    int at = 0;
    while (at < sheet.length() && budget[0] > 0) {
      int open = sheet.indexOf('{', at);
      if (open < 0) return;
      String prelude = sheet.substring(at, open).strip();
      int close = matching(sheet, open);
      String body = sheet.substring(open + 1, close < 0 ? sheet.length() : close);
      at = close < 0 ? sheet.length() : close + 1;
      int semicolon = prelude.lastIndexOf(';'); // after "@import ...;" or "@charset ...;"
      if (semicolon >= 0) prelude = prelude.substring(semicolon + 1).strip();
      if (prelude.startsWith("@") || body.indexOf('{') >= 0) continue; // @media, @font-face, nested rules
      Map<String, String> declarations = CssDeclarations.parse(body, null);
      declarations.keySet().retainAll(RELEVANT);
      if (!declarations.isEmpty()) apply(document, prelude, declarations, budget);
    }
  }

  private void apply(Document document, String selectors, Map<String, String> declarations, int[] budget) {
    for (String selector : selectors.split(",")) {
      String simple = selector.strip();
      if (simple.isEmpty() || simple.indexOf(':') >= 0 || simple.indexOf('@') >= 0) continue;
      if (budget[0]-- <= 0) return;
      Elements matched;
      try {
        matched = document.select(simple);
      } catch (Selector.SelectorParseException | IllegalArgumentException e) {
        continue; // not a selector jsoup reads: mail clients differ too, so no decision from it
      }
      for (Element element : matched) {
        // a rule hiding the whole message (body { display:none } until a script runs) is no mail's intent:
        // of the body's rules only its colours count
        boolean root = element.normalName().equals("body") || element.normalName().equals("html");
        Map<String, String> into = declared.computeIfAbsent(element, e -> new HashMap<>());
        declarations.forEach((property, value) -> {
          if (root && !COLOURS.contains(property)) return;
          String previous = into.get(property);
          if (previous == null || !CssDeclarations.important(previous) || CssDeclarations.important(value)) {
            into.put(property, value);
          }
        });
      }
    }
  }

  /** The index of the brace closing the one at {@code open}, or -1. */
  private static int matching(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return i;
    }
    return -1;
  }
}
