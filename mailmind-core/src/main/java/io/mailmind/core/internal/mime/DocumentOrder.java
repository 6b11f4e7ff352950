package io.mailmind.core.internal.mime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jsoup.nodes.Element;

/**
 * An element and the elements below it, in document order (what jsoup's {@code getAllElements()} and
 * {@code select} visit), read from each element's child list: jsoup's node iterator looks every sibling up by its
 * index and feeds a stream, which the cleaner, running a handful of such passes on every body, felt. Stateless.
 */
final class DocumentOrder {
  private DocumentOrder() {}

  /** {@code root} and the elements below it that pass {@code test}, in document order. */
  static List<Element> select(Element root, Predicate<Element> test) {
    List<Element> found = new ArrayList<>();
    walk(root, test, found);
    return found;
  }

  /** Whether {@code root} or an element below it passes {@code test}. */
  static boolean any(Element root, Predicate<Element> test) {
    return walk(root, test, null);
  }

  /** Adds the elements passing {@code test} to {@code found}; without a list, stops at the first. */
  private static boolean walk(Element root, Predicate<Element> test, List<Element> found) {
    ArrayDeque<Element> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Element element = pending.pop();
      if (test.test(element)) {
        if (found == null) return true;
        found.add(element);
      }
      for (int i = element.childNodeSize() - 1; i >= 0; i--) {
        if (element.childNode(i) instanceof Element child) pending.push(child);
      }
    }
    return false;
  }
}
