package io.mailmind.core.internal.mime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** How many elements a tree has ({@code root} counted), and how deep the deepest lies ({@code root}: 0). */
  record Size(int elements, int depth) {}

  static Size size(Element root) {
    Element[] pending = new Element[64];
    int[] depths = new int[64];
    pending[0] = root;
    int top = 1;
    int elements = 0;
    int deepest = 0;
    while (top > 0) {
      Element element = pending[--top];
      int depth = depths[top];
      elements++;
      deepest = Math.max(deepest, depth);
      for (int i = element.childNodeSize() - 1; i >= 0; i--) {
        if (!(element.childNode(i) instanceof Element child)) continue;
        if (top == pending.length) {
          pending = Arrays.copyOf(pending, top * 2);
          depths = Arrays.copyOf(depths, top * 2);
        }
        pending[top] = child;
        depths[top++] = depth + 1;
      }
    }
    return new Size(elements, deepest);
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
