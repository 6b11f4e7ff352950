package io.mailmind.core.internal.mime;

import io.mailmind.core.internal.reply.QuotedHtml;
import io.mailmind.core.internal.util.Failures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts mail HTML to readable Markdown: the input is cut to {@code maxInputChars}, parsed and cleaned by
 * jsoup ({@link HtmlCleaner}: no head, scripts, styles, comments, hidden elements or tracking pixels; nesting
 * capped, wrapper chains and layout tables flattened), then written as Markdown by {@link MarkdownRenderer} (link and
 * image URLs restricted by {@link LinkPolicy}) with a time limit: on the calling thread, the renderer checking the
 * time itself; on a daemon worker thread with a large stack for a document nested deeper than
 * {@link #MAX_DEPTH_ON_CALLER}, and for any other converter (flexmark's). When the conversion fails, takes longer than
 * {@code timeout}, or the document has more than {@link #MAX_ELEMENTS} elements, the result is the cleaned document's
 * plain text instead. The result is cut to {@code maxOutputChars}.
 *
 * <p>Thread-safe; one instance serves any number of threads. Worker threads are shared by all instances,
 * created on demand and ended after 30 s idle.
 */
public final class HtmlToMarkdown {
  private static final Logger LOG = LoggerFactory.getLogger(HtmlToMarkdown.class);
  private static final long WORKER_STACK = 16L * 1024 * 1024;
  /**
   * Flexmark's time grows faster than linearly with the number of elements (10,000 sibling paragraphs take
   * seconds); above this, the text is kept without converting. Real mail, newsletters included, stays far below.
   */
  static final int MAX_ELEMENTS = 8_000;
  /**
   * Our renderer recurses once per level of nesting: a document nested deeper than this (from the document down;
   * cleaned mail rarely passes 10) is rendered on a worker with a large stack, whatever the caller's stack.
   */
  static final int MAX_DEPTH_ON_CALLER = 64;
  private static final Function<Element, String> RENDERER = MarkdownRenderer::render;
  private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), workerFactory());

  private static final String FLEXMARK_CLASS = "com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter";
  /** Why flexmark cannot be chosen; SyncOptions says it when built. */
  public static final String FLEXMARK_MISSING = "flexmark's converter (" + FLEXMARK_CLASS + ") is not on the class "
      + "path: add com.vladsch.flexmark:flexmark-html2md-converter (an optional dependency of mailmind-core) or keep "
      + "the default converter";

  private final int maxInputChars;
  private final int maxOutputChars;
  private final Duration timeout;
  private final Function<Element, String> converter;

  public HtmlToMarkdown(int maxInputChars, int maxOutputChars, Duration timeout) {
    this(maxInputChars, maxOutputChars, timeout, RENDERER);
  }

  /**
   * The same cleaning, limits and plain-text fallback, with flexmark's converter writing the Markdown
   * ({@link FlexmarkMarkdown}). Only when {@link #flexmarkAvailable()}.
   */
  public static HtmlToMarkdown flexmark(int maxInputChars, int maxOutputChars, Duration timeout) {
    if (!flexmarkAvailable()) throw new IllegalStateException(FLEXMARK_MISSING);
    return new HtmlToMarkdown(maxInputChars, maxOutputChars, timeout, FlexmarkMarkdown::convert);
  }

  /**
   * Whether flexmark's converter is on the class path: it is an optional dependency of mailmind-core. Asked
   * without loading {@link FlexmarkMarkdown}, which would fail when it is not.
   */
  public static boolean flexmarkAvailable() {
    try {
      Class.forName(FLEXMARK_CLASS, false, HtmlToMarkdown.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** With another Markdown step (tests: one that fails or hangs). */
  HtmlToMarkdown(int maxInputChars, int maxOutputChars, Duration timeout, Function<Element, String> converter) {
    if (maxInputChars <= 0) throw new IllegalArgumentException("maxInputChars was " + maxInputChars + " but must be > 0");
    if (maxOutputChars <= 0) {
      throw new IllegalArgumentException("maxOutputChars was " + maxOutputChars + " but must be > 0");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout was " + timeout + " but must be positive");
    }
    this.maxInputChars = maxInputChars;
    this.maxOutputChars = maxOutputChars;
    this.timeout = timeout;
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** Markdown for {@code html}; {@code null} for {@code null}. Never throws. */
  public String convert(String html) {
    if (html == null) return null;
    String input = cut(html, maxInputChars);
    Document document;
    try {
      document = HtmlCleaner.parse(input);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("HTML unparsable, keeping its text", e);
      return cut(RawText.noNul(input), maxOutputChars);
    }
    return markdown(document, () -> plainText(input));
  }

  /**
   * The Markdown of an HTML body and of its new text: the same body without the quoted history
   * ({@link QuotedHtml}, decided on the tree before cleaning), converted the same way. When nothing is quoted the
   * new text is the Markdown itself. {@code null} for {@code null}. Never throws.
   */
  public Rendered convertWithNewText(String html) {
    if (html == null) return null;
    String input = cut(html, maxInputChars);
    Document document;
    try {
      document = HtmlCleaner.parseUncleaned(input);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("HTML unparsable, keeping its text", e);
      String text = cut(RawText.noNul(input), maxOutputChars);
      return new Rendered(text, text);
    }
    Document reply = withoutQuotes(document);
    String markdown = cleanAndConvert(document, () -> plainText(input));
    if (reply == null) return new Rendered(markdown, markdown);
    return new Rendered(markdown, cleanAndConvert(reply, () -> replyText(input)));
  }

  /** The Markdown of a body and of its new text; both are {@code null} only for a missing body. */
  public record Rendered(String markdown, String newText) {}

  private static Document withoutQuotes(Document document) {
    try {
      return QuotedHtml.withoutQuotes(document);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("Could not separate the quoted history, the new text is the whole body", e);
      return null;
    }
  }

  private String cleanAndConvert(Document document, Supplier<String> timedOutText) {
    try {
      HtmlCleaner.clean(document);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("HTML could not be cleaned, keeping its text", e);
      return cut(RawText.noNul(safeText(document)), maxOutputChars);
    }
    return markdown(document, timedOutText);
  }

  /** The cleaned {@code document} as Markdown, with the fallbacks described on the class. */
  private String markdown(Document document, Supplier<String> timedOutText) {
    DocumentOrder.Size size = DocumentOrder.size(document);
    if (size.elements() > MAX_ELEMENTS) {
      LOG.debug("HTML has more than {} elements, keeping its text", MAX_ELEMENTS);
      return cut(RawText.noNul(safeText(document)), maxOutputChars);
    }
    String markdown = converter == RENDERER && size.depth() <= MAX_DEPTH_ON_CALLER
        ? renderHere(document, timedOutText)
        : convertOnWorker(document, timedOutText);
    return cut(RawText.noNul(tidy(markdown)), maxOutputChars);
  }

  /**
   * Our renderer on the calling thread (handing each body to a worker and waiting cost more CPU than rendering
   * it), stopping itself at the time limit.
   */
  private String renderHere(Document document, Supplier<String> timedOutText) {
    try {
      return MarkdownRenderer.render(document.body(), new MarkdownRenderer.Deadline(timeout.toNanos()));
    } catch (MarkdownRenderer.TimedOut e) {
      LOG.debug("Markdown conversion took longer than {}, keeping the text", timeout);
      return timedOutText.get();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.debug("Markdown conversion failed, keeping the text", e);
      return safeText(document);
    }
  }

  /** The converter on a worker thread, waited for no longer than the time limit. */
  private String convertOnWorker(Document document, Supplier<String> timedOutText) {
    Future<String> future = null;
    try {
      future = WORKERS.submit(() -> converter.apply(document.body()));
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      LOG.debug("Markdown conversion took longer than {}, keeping the text", timeout);
      return timedOutText.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (future != null) future.cancel(true);
      return timedOutText.get();
    } catch (ExecutionException | RuntimeException e) {
      LOG.debug("Markdown conversion failed, keeping the text", Failures.unwrap(e));
      return safeText(document);
    }
  }

  /** Text of the new text of a fresh parse: the worker may still be reading the first document. */
  private static String replyText(String input) {
    try {
      Document reply = QuotedHtml.withoutQuotes(HtmlCleaner.parseUncleaned(input));
      if (reply == null) return plainText(input);
      HtmlCleaner.clean(reply);
      return HtmlText.of(reply.body());
    } catch (RuntimeException | StackOverflowError e) {
      return plainText(input);
    }
  }

  /** Text of a fresh parse: the worker may still be reading the first document. */
  private static String plainText(String input) {
    try {
      return HtmlText.of(HtmlCleaner.parse(input).body());
    } catch (RuntimeException | StackOverflowError e) {
      return input;
    }
  }

  private static String safeText(Document document) {
    try {
      return HtmlText.of(document.body());
    } catch (RuntimeException | StackOverflowError e) {
      return document.text();
    }
  }

  /** Trailing white space off every line, no runs of more than one blank line. */
  private static String tidy(String markdown) {
    StringBuilder out = new StringBuilder(markdown.length());
    int blank = 0;
    int start = 0;
    int length = markdown.length();
    while (start <= length) {
      int end = markdown.indexOf('\n', start);
      if (end < 0) end = length;
      int stop = end;
      while (stop > start && Character.isWhitespace(markdown.charAt(stop - 1))) stop--;
      if (stop == start) {
        blank++;
      } else {
        if (out.length() > 0) out.append(blank > 0 ? "\n\n" : "\n");
        out.append(markdown, start, stop);
        blank = 0;
      }
      start = end + 1;
    }
    return out.toString();
  }

  /** {@code text} cut to at most {@code max} chars, never between the two halves of a surrogate pair. */
  static String cut(String text, int max) {
    if (text.length() <= max) return text;
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end);
  }

  private static ThreadFactory workerFactory() {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(null, runnable, "mailmind-markdown-" + counter.incrementAndGet(), WORKER_STACK);
      thread.setDaemon(true);
      return thread;
    };
  }
}
