import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.mime.RawMessage;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * CPU and allocation of {@link HtmlToMarkdown#convertWithNewText} (HTML to Markdown plus the new text, what the
 * engine runs for every HTML body), warm, on one thread at a time: the HTML bodies of the messages under each
 * directory given (a Maildir, or any tree of message files, e.g. mailmind-core/src/test/resources/corpus), mapped
 * as the engine maps them, are converted {@code passes} times; each pass prints ms per body (CPU time of the Java
 * threads, i.e. the caller and any worker the converter hands a body to; and of the whole process, GC included) and
 * MB allocated per body (the Java threads' allocated bytes). Repeat a directory with a limit as {@code DIR@limit}.
 *
 * <p>With {@code -Dab=CLASSPATH_A,CLASSPATH_B} it runs two builds (say the main branch's classes and a change's)
 * in one process, alternating passes, and prints both and their ratio: on a busy machine the ratio holds better than
 * either time.
 *
 * <p>With {@code -Dgolden=FILE} it instead writes every body's exact Markdown and new text to {@code FILE}, with
 * {@code -Dfuzz=N} N seeded random mail-like documents too (hidden content, style sheets, quote marks, header
 * blocks, entity-laden URLs, layout tables...), with a time limit no machine reaches: two such files from two
 * builds must be byte-identical when a change is meant to change no output.
 *
 * <pre>
 * ./mvnw -q -B -o compile -pl mailmind-core
 * java -cp "mailmind-core/target/classes:JARS" bench/java/MarkdownCost.java 30 \
 *     /tmp/mailmind-bench/dovecot/mail/bench1k mailmind-core/src/test/resources/corpus
 * java -cp "mailmind-core/target/classes:JARS" -Dab="/tmp/base-classes:JARS,mailmind-core/target/classes:JARS" \
 *     bench/java/MarkdownCost.java 30 DIR...
 * java -cp "mailmind-core/target/classes:JARS" -Dgolden=/tmp/after.txt -Dfuzz=5000 bench/java/MarkdownCost.java DIR...
 * </pre>
 * (JARS: jsoup, slf4j-api with a binding or slf4j-nop, angus-mail, jakarta.mail-api, jakarta.activation-api)
 */
public final class MarkdownCost {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    String golden = System.getProperty("golden");
    int first = golden == null ? 1 : 0;
    int passes = golden == null ? Integer.parseInt(args[0]) : 1;
    List<String> names = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = first; i < args.length; i++) htmlBodies(args[i], names, bodies);
    int fuzz = Integer.getInteger("fuzz", 0);
    Random random = new Random(42);
    for (int i = 0; i < fuzz; i++) {
      names.add("fuzz/" + i);
      bodies.add(new Fuzz(random).document());
    }
    long chars = 0;
    for (String body : bodies) chars += body.length();
    System.out.printf("%d HTML bodies, %.1f KB avg%n", bodies.size(), chars / 1e3 / Math.max(1, bodies.size()));
    if (golden != null) {
      writeGolden(Path.of(golden), names, bodies);
      return;
    }
    String ab = System.getProperty("ab");
    if (ab != null) {
      compare(passes, bodies, ab.split(",", 2));
      return;
    }
    HtmlToMarkdown converter = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));
    Convert convert = html -> converter.convertWithNewText(html).newText().length();
    List<double[]> results = new ArrayList<>();
    for (int pass = 1; pass <= passes; pass++) {
      double[] result = pass(convert, bodies);
      System.out.printf("pass %d: %.3f ms/body (threads), %.3f ms/body (process), %.3f MB/body allocated%n", pass,
          result[0], result[1], result[2]);
      results.add(result);
    }
    List<double[]> warm = results.subList(results.size() / 2, results.size());
    System.out.printf("median of the last %d passes: %.3f ms/body (threads), %.3f ms/body (process), %.3f MB/body,"
        + " %d bodies%n", warm.size(), median(warm, 0), median(warm, 1), median(warm, 2), bodies.size());
  }

  /** Converts one body, returning anything that depends on the result. */
  private interface Convert {
    long apply(String html) throws Exception;
  }

  /** One pass over {@code bodies}: ms/body of the Java threads, ms/body of the process, MB/body allocated. */
  private static double[] pass(Convert convert, List<String> bodies) throws Exception {
    Map<Long, long[]> before = threadCounters();
    long process = OS.getProcessCpuTime();
    long sink = 0;
    for (String body : bodies) sink += convert.apply(body);
    process = OS.getProcessCpuTime() - process;
    long[] used = used(before, threadCounters());
    int n = bodies.size();
    if (sink == 42) System.out.print("");
    return new double[] {used[0] / 1e6 / n, process / 1e6 / n, used[1] / 1e6 / n};
  }

  /**
   * Two builds in one process, passes alternating, so that a busy machine slows both alike: each class path
   * (build output directory plus jars, separated by the platform's path separator) gets its own class loader.
   */
  private static void compare(int passes, List<String> bodies, String[] classPaths) throws Exception {
    Convert[] builds = {converter(classPaths[0]), converter(classPaths[1])};
    List<double[]> ratios = new ArrayList<>();
    List<double[]> a = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (int pass = 1; pass <= passes; pass++) {
      boolean aFirst = pass % 2 == 1;
      double[] first = pass(builds[aFirst ? 0 : 1], bodies);
      double[] second = pass(builds[aFirst ? 1 : 0], bodies);
      double[] resultA = aFirst ? first : second;
      double[] resultB = aFirst ? second : first;
      System.out.printf("pass %d: A %.3f ms/body %.3f MB/body, B %.3f ms/body %.3f MB/body (threads' CPU)%n", pass,
          resultA[0], resultA[2], resultB[0], resultB[2]);
      if (pass > passes / 2) {
        a.add(resultA);
        b.add(resultB);
        ratios.add(new double[] {resultB[0] / resultA[0], resultB[2] / resultA[2]});
      }
    }
    System.out.printf("median of the last %d passes, %d bodies: A %.3f ms/body %.3f MB/body; B %.3f ms/body %.3f MB/body;"
        + " B/A %.3f (CPU) %.3f (allocated)%n", a.size(), bodies.size(), median(a, 0), median(a, 2), median(b, 0),
        median(b, 2), median(ratios, 0), median(ratios, 1));
  }

  private static Convert converter(String classPath) throws Exception {
    List<java.net.URL> urls = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) urls.add(Path.of(entry).toUri().toURL());
    ClassLoader loader = new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]),
        ClassLoader.getPlatformClassLoader());
    Class<?> type = loader.loadClass("io.mailmind.core.internal.mime.HtmlToMarkdown");
    Object converter = type.getConstructor(int.class, int.class, Duration.class)
        .newInstance(2_000_000, 500_000, Duration.ofSeconds(10));
    java.lang.reflect.Method convert = type.getMethod("convertWithNewText", String.class);
    java.lang.reflect.Method newText = convert.getReturnType().getMethod("newText");
    return html -> ((String) newText.invoke(convert.invoke(converter, html))).length();
  }

  private static double median(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(row -> row[column]).sorted().toArray();
    return values.length % 2 == 1 ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
  }

  private static void writeGolden(Path file, List<String> names, List<String> bodies) throws Exception {
    HtmlToMarkdown converter = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofMinutes(30));
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < bodies.size(); i++) {
        HtmlToMarkdown.Rendered rendered = converter.convertWithNewText(bodies.get(i));
        out.write("=== " + i + " " + names.get(i) + "\n" + rendered.markdown() + "\n--- new text ("
            + (rendered.newText() == rendered.markdown() ? "same" : "own") + ")\n" + rendered.newText() + "\n");
      }
    }
  }

  /** Per live thread: CPU ns and allocated bytes. */
  private static Map<Long, long[]> threadCounters() {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    long[] allocated = THREADS.getThreadAllocatedBytes(ids);
    Map<Long, long[]> counters = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] >= 0 && allocated[i] >= 0) counters.put(ids[i], new long[] {cpu[i], allocated[i]});
    }
    return counters;
  }

  private static long[] used(Map<Long, long[]> before, Map<Long, long[]> after) {
    long[] sum = new long[2];
    after.forEach((id, counters) -> {
      long[] start = before.getOrDefault(id, new long[2]);
      sum[0] += counters[0] - start[0];
      sum[1] += counters[1] - start[1];
    });
    return sum;
  }

  /** The HTML bodies of the message files under {@code spec} ({@code DIR} or {@code DIR@limit}), in path order. */
  private static void htmlBodies(String spec, List<String> names, List<String> bodies) throws Exception {
    int at = spec.lastIndexOf('@');
    Path root = Path.of(at < 0 ? spec : spec.substring(0, at));
    int limit = at < 0 ? Integer.MAX_VALUE : Integer.parseInt(spec.substring(at + 1));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(MarkdownCost::messageFile).sorted().toList();
    }
    MessageMapper mapper = new MessageMapper();
    FolderId folder = new FolderId("bench", "INBOX");
    long uid = 0;
    int found = 0;
    for (Path file : files) {
      if (found >= limit) break;
      MessageContent content;
      try {
        content = mapper.map(new MessageKey(folder, 1, ++uid), RawMessage.of(crlf(Files.readAllBytes(file))));
      } catch (RuntimeException e) {
        continue;
      }
      if (content.html() == null) continue;
      names.add(root.relativize(file).toString());
      bodies.add(content.html());
      found++;
    }
  }

  private static boolean messageFile(Path file) {
    String name = file.getFileName().toString();
    return !name.equals("LICENSE") && !name.endsWith(".md") && !name.endsWith(".tsv") && !name.startsWith("dovecot")
        && !name.equals("subscriptions") && !name.endsWith(".json");
  }

  static byte[] crlf(byte[] lf) {
    int extra = 0;
    for (byte b : lf) if (b == '\n') extra++;
    byte[] out = new byte[lf.length + extra];
    int o = 0;
    for (int i = 0; i < lf.length; i++) {
      if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) out[o++] = '\r';
      out[o++] = lf[i];
    }
    return o == out.length ? out : java.util.Arrays.copyOf(out, o);
  }

  /** Random mail-like HTML that exercises every step of the cleaner, the renderer and the quote finder. */
  private static final class Fuzz {
    private static final String[] BLOCKS = {"div", "p", "center", "section", "table", "blockquote", "ul", "ol", "pre",
        "h1", "h3", "span", "font", "td", "tr", "tbody", "li", "header", "article", "dl", "dt", "dd"};
    private static final String[] INLINE = {"b", "strong", "i", "em", "a", "span", "font", "code", "sup", "sub", "s",
        "u", "small", "tt", "kbd", "img", "br", "cite"};
    private static final String[] CLASSES = {"preheader", "gmail_quote", "gmail_attr", "moz-cite-prefix",
        "yahoo_quoted", "moz-forward-container", "hide", "mobile", "btn", "x", "Apple-interchange-newline"};
    private static final String[] IDS = {"divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container",
        "yahoo_quoted_123", "main", "x"};
    private static final String[] STYLES = {"display:none", "display: none !important", "visibility:hidden",
        "opacity:0", "opacity:0%", "max-height:0;overflow:hidden", "height:0px; overflow : hidden", "font-size:0",
        "font-size:0px", "font-size:14px", "color:#fff", "color:#ffffff", "color: white", "color:transparent",
        "background:#fff", "background-color:#000", "background: url(x.png)", "background-image:url(a)",
        "color:rgb(255,255,255)", "color:rgba(0,0,0,0)", "border-top:solid #E1E1E1 1.0pt", "border-top:none",
        "width:1px;height:1px", "padding:4px", "COLOR:#FFF", "display:block", "color:#fefefe;background:#ffffff",
        "overflow-y:hidden;max-width:0", "line-height:1.5;color:#555", "font-size: 0 ; color:red"};
    private static final String[] SELECTORS = {".preheader", "#main", "div", "p.x", "table td", "a", ".hide",
        "[hidden]", "body", "div > p", "span.mobile", "a:hover", "*", "td.x, .btn", "@media (max-width:600px)",
        "h1", "img", ".btn", "font", "..bad", "p + p", "div ~ span", "[class^=pre]", "html", "td[align=center]"};
    private static final String[] WORDS = {"hello", "world", "Total:", "price", "**", "_x_", "snake_case", "#1",
        "1.", "- item", "> quote", "`code`", "[link]", "&amp;", "a<b", "~~", "~20", "x*y", "\u00a0", "\u200b",
        "On Mon, Jan 1, 2024 at 10:00 AM Bob <bob@example.com> wrote:", "-----Original Message-----",
        "---------- Forwarded message ---------", "Begin forwarded message:", "From: Alice", "Sent: Monday",
        "To: Bob", "Subject: Hi", "Date: today", "Von: Carl", "Betreff: Test", "__________________",
        "Am 1. Jan. 2024 um 10:00 schrieb Bob:", "Le lun. 1 janv. 2024 a écrit :", "ünïcödé", "日本語", "12",
        "10^6", "!", "(", ")", "Wow!", "   ", "\n", "\t", "&nbsp;", "&lt;p&gt;", "&#106;", "&copy", "&notin;"};
    private static final String[] URLS = {"https://example.com/a?b=1&c=2", "https://x.example/?u=1&amp;id=2",
        "http://e.com/?a=1&lt=2&gt;", "https://e.com/?q=&#38;&#x26;", "javascript:alert(1)",
        "&#106;avascript:alert(1)", "java&#9;script:x", "mailto:a@b.c", "cid:part1", "#top", "/relative",
        "data:image/png;base64,AAAA", "https://e.com/?copy&copy=1&reg;&amp&ampx", "HTTPS://E.COM/X",
        "https://e.com/?a=1&not=2&notin;&notit;", "https://e.com/track/open?x=1", "https://e.com/pixel.gif",
        "https://e.com/logo.png", " https://e.com/ space ", "https://e.com/(paren)", "&amp;amp;#106;x",
        "https://e.com/?x=&#0;&#x110000;&#128;", "https://e.com/?a&b&c;", "&colon;", "https://e.com/?lang&amp=1",
        "https://e.com/?a=1&AMP;b=2&QUOT;", "https://e.com/?&frac12;&frac12&frac34x", "https://e.com/?&nbsp_x=1"};
    private final Random random;
    private final StringBuilder out = new StringBuilder();

    Fuzz(Random random) {
      this.random = random;
    }

    String document() {
      out.append("<html><head>");
      if (random.nextInt(3) > 0) {
        out.append("<style>");
        for (int i = random.nextInt(6); i >= 0; i--) {
          out.append(pick(SELECTORS));
          if (random.nextBoolean()) out.append(", ").append(pick(SELECTORS));
          out.append(" { ").append(pick(STYLES)).append(random.nextInt(4) == 0 ? " !important" : "").append(" }\n");
          if (random.nextInt(6) == 0) out.append("/* comment { } */");
        }
        out.append("</style>");
      }
      out.append("</head><body").append(random.nextInt(4) == 0 ? " style=\"" + pick(STYLES) + "\"" : "")
          .append(random.nextInt(4) == 0 ? " bgcolor=\"#000000\"" : "").append(">");
      content(0);
      if (random.nextBoolean()) quoteTail();
      out.append("</body></html>");
      return out.toString();
    }

    private void quoteTail() {
      switch (random.nextInt(6)) {
        case 0 -> out.append("<div class=\"gmail_quote\"><div class=\"gmail_attr\">On Tue, Bob wrote:<br></div>"
            + "<blockquote class=\"gmail_quote\">old <b>text</b></blockquote></div>");
        case 1 -> out.append("<div>On Mon, Jan 1, 2024 Bob &lt;b@e.com&gt; wrote:</div><blockquote type=\"cite\">"
            + "<div>quoted</div></blockquote>");
        case 2 -> out.append("<hr><div id=\"divRplyFwdMsg\"><b>From:</b> A<br><b>Sent:</b> Mon<br><b>To:</b> B<br>"
            + "<b>Subject:</b> S</div><div>old</div>");
        case 3 -> out.append("<div>-----Original Message-----<br>From: A<br>Sent: B<br>To: C<br>Subject: D</div><p>x</p>");
        case 4 -> out.append("<div>---------- Forwarded message ---------<br>From: A<br>Date: B<br>Subject: C<br>"
            + "To: D</div><div>forwarded</div>");
        default -> out.append("<div style=\"border-top:solid #E1E1E1 1.0pt\"><p>From: A</p><p>Sent: B</p><p>To: C</p>"
            + "<p>Subject: D</p></div><p>old</p>");
      }
      if (random.nextInt(3) == 0) content(3); // text after the quote: an inline reply
    }

    private void content(int depth) {
      int n = 1 + random.nextInt(depth > 4 ? 2 : 5);
      for (int i = 0; i < n; i++) {
        int kind = random.nextInt(10);
        if (kind < 3 || depth > 7) {
          text();
        } else if (kind < 6) {
          element(pick(INLINE), depth);
        } else if (kind == 6) {
          table(depth);
        } else if (kind == 7 && random.nextInt(4) == 0) {
          out.append(random.nextBoolean() ? "<!--[if mso]>x<![endif]-->" : "<!-- c -->");
        } else {
          element(pick(BLOCKS), depth);
        }
      }
    }

    private void element(String name, int depth) {
      out.append('<').append(name);
      attributes(name);
      out.append('>');
      if (name.equals("img") || name.equals("br")) return;
      if (name.equals("ul") || name.equals("ol")) {
        for (int i = random.nextInt(4); i >= 0; i--) {
          if (random.nextInt(5) == 0) element(name, depth + 1);
          out.append("<li>");
          content(depth + 1);
          out.append("</li>");
        }
      } else {
        content(depth + 1);
      }
      if (random.nextInt(10) > 0) out.append("</").append(name).append('>');
    }

    private void table(int depth) {
      out.append("<table");
      if (random.nextInt(4) == 0) out.append(" role=\"presentation\"");
      attributes("table");
      out.append('>');
      boolean body = random.nextBoolean();
      if (body) out.append("<tbody>");
      int columns = 1 + random.nextInt(3);
      for (int r = random.nextInt(4); r >= 0; r--) {
        out.append("<tr>");
        for (int c = 0; c < columns; c++) {
          String cell = random.nextInt(5) == 0 ? "th" : "td";
          out.append('<').append(cell);
          if (random.nextInt(6) == 0) out.append(" colspan=\"").append(random.nextInt(3)).append('"');
          attributes(cell);
          out.append('>');
          if (random.nextInt(3) == 0) content(depth + 2);
          else text();
          out.append("</").append(cell).append('>');
        }
        out.append("</tr>");
      }
      if (body) out.append("</tbody>");
      out.append("</table>");
    }

    private void attributes(String name) {
      if (random.nextInt(3) == 0) out.append(" style=\"").append(pick(STYLES)).append('"');
      if (random.nextInt(4) == 0) out.append(" class=\"").append(pick(CLASSES)).append('"');
      if (random.nextInt(8) == 0) out.append(" id=\"").append(pick(IDS)).append('"');
      if (random.nextInt(25) == 0) out.append(" hidden");
      if (random.nextInt(12) == 0) out.append(" bgcolor=\"").append(random.nextBoolean() ? "#ffffff" : "000").append('"');
      if (name.equals("blockquote") && random.nextBoolean()) out.append(" type=\"cite\"");
      if (name.equals("font") && random.nextBoolean()) out.append(" color=\"#ffffff\"");
      if (name.equals("a")) out.append(" href=\"").append(escape(pick(URLS))).append('"');
      if (name.equals("img")) {
        out.append(" src=\"").append(escape(pick(URLS))).append('"');
        if (random.nextBoolean()) out.append(" alt=\"").append(pick(WORDS).replace("\"", "")).append('"');
        if (random.nextInt(3) == 0) out.append(" width=\"").append(random.nextInt(3)).append('"');
        if (random.nextInt(4) == 0) out.append(" height=\"").append(random.nextInt(300)).append("px\"");
      }
      if (name.equals("ol") && random.nextBoolean()) out.append(" start=\"").append(random.nextInt(20)).append('"');
    }

    /** Attribute values as mail writes them: mostly with bare ampersands, sometimes escaped. */
    private String escape(String url) {
      return random.nextInt(4) == 0 ? url.replace("&", "&amp;") : url.replace("\"", "&quot;");
    }

    private void text() {
      for (int i = random.nextInt(6); i >= 0; i--) {
        out.append(pick(WORDS));
        if (random.nextInt(3) > 0) out.append(' ');
      }
    }

    private String pick(String[] values) {
      return values[random.nextInt(values.length)];
    }
  }
}
