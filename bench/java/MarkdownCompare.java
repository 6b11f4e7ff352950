import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.mime.MarkdownComparison;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.mime.RawMessage;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mailmind's Markdown renderer side by side with flexmark's HTML converter, on the HTML bodies of real messages:
 * both get the same cleaned document (HtmlToMarkdown does the parsing and cleaning), so only the converter differs.
 * Prints the CPU time per body for each (process CPU time, warm, one thread), how much of the text and how many of
 * the links of flexmark's output are in the renderer's, how many bodies each converts with fewer defects a reader
 * would notice ({@link MarkdownComparison}: words or link URLs lost, emphasis shown as text, ragged table rows),
 * and writes the first {@code samples} pairs as
 * {@code <n>.html}, {@code <n>.flexmark.md}, {@code <n>.mailmind.md} into {@code outDir}.
 *
 * <p>flexmark is an optional dependency of mailmind-core, so it is on its test class path, not in its jar:
 * <pre>
 * ./mvnw -q -pl mailmind-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp "mailmind-core/target/test-classes:mailmind-core/target/classes:$(cat /tmp/cp.txt)" \
 *     bench/java/MarkdownCompare.java DIR [limit] [outDir] [samples] [passes]
 * </pre>
 * (DIR: a Maildir or any directory of message files)
 */
public final class MarkdownCompare {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern LINK = Pattern.compile("\\]\\((<[^>]*>|[^)\\s]*)\\)");
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    Path outDir = args.length > 2 ? Path.of(args[2]) : null;
    int samples = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int passes = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    List<String> htmls = new ArrayList<>();
    MessageMapper mapper = new MessageMapper();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (htmls.size() >= limit) break;
        MessageContent content = mapper.map(new MessageKey(new FolderId("compare", "INBOX"), 1, 1),
            RawMessage.of(Files.readAllBytes(file)));
        if (content.html() != null && !content.html().isBlank()) htmls.add(content.html());
      }
    }
    HtmlToMarkdown renderer = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));
    HtmlToMarkdown flexmark = HtmlToMarkdown.flexmark(2_000_000, 500_000, Duration.ofSeconds(10));
    String[] ours = new String[htmls.size()];
    String[] theirs = new String[htmls.size()];
    long oursNs = 0;
    long theirsNs = 0;
    for (int pass = 0; pass < passes; pass++) { // warm-up passes, then the measured one
      oursNs = 0;
      theirsNs = 0;
      for (int i = 0; i < htmls.size(); i++) {
        long t0 = OS.getProcessCpuTime();
        theirs[i] = flexmark.convert(htmls.get(i));
        long t1 = OS.getProcessCpuTime();
        ours[i] = renderer.convert(htmls.get(i));
        long t2 = OS.getProcessCpuTime();
        theirsNs += t1 - t0;
        oursNs += t2 - t1;
      }
    }
    double textShare = 0;
    double linkShare = 0;
    double worstText = 1;
    long htmlChars = 0;
    long oursChars = 0;
    long theirsChars = 0;
    for (int i = 0; i < htmls.size(); i++) {
      double text = covered(words(theirs[i]), words(ours[i]));
      textShare += text;
      worstText = Math.min(worstText, text);
      linkShare += covered(links(theirs[i]), links(ours[i]));
      htmlChars += htmls.get(i).length();
      oursChars += ours[i].length();
      theirsChars += theirs[i].length();
    }
    int n = Math.max(1, htmls.size());
    System.out.printf("%d HTML bodies, %.1f KB HTML on average%n", htmls.size(), htmlChars / 1e3 / n);
    System.out.printf("flexmark:         %.3f ms CPU per body (parse and clean included), %.1f KB Markdown on average%n",
        theirsNs / 1e6 / n, theirsChars / 1e3 / n);
    System.out.printf("MarkdownRenderer: %.3f ms CPU per body (parse and clean included), %.1f KB Markdown on average"
        + " (%.1fx faster)%n", oursNs / 1e6 / n, oursChars / 1e3 / n, (double) theirsNs / Math.max(1, oursNs));
    System.out.printf("of flexmark's words, %.1f%% are in the renderer's output (worst body %.1f%%); of its link"
        + " targets, %.1f%%%n", 100 * textShare / n, 100 * worstText, 100 * linkShare / n);
    int better = 0;
    int worse = 0;
    int same = 0;
    int[] oursDefects = new int[4];
    int[] theirDefects = new int[4];
    for (int i = 0; i < htmls.size(); i++) {
      MarkdownComparison.Defects o = MarkdownComparison.score(htmls.get(i), ours[i]);
      MarkdownComparison.Defects t = MarkdownComparison.score(htmls.get(i), theirs[i]);
      add(oursDefects, o);
      add(theirDefects, t);
      if (o.total() < t.total()) better++;
      else if (o.total() > t.total()) worse++;
      else same++;
    }
    System.out.printf("defects (fewer is better): renderer better on %d bodies, worse on %d, equal on %d%n",
        better, worse, same);
    System.out.printf("  words lost, links lost, stray * or _, ragged rows: renderer %d, %d, %d, %d;"
        + " flexmark %d, %d, %d, %d%n", oursDefects[0], oursDefects[1], oursDefects[2], oursDefects[3],
        theirDefects[0], theirDefects[1], theirDefects[2], theirDefects[3]);
    if (outDir != null) {
      Files.createDirectories(outDir);
      for (int i = 0; i < Math.min(samples, htmls.size()); i++) {
        int k = (int) ((long) i * htmls.size() / Math.max(1, Math.min(samples, htmls.size())));
        Files.writeString(outDir.resolve(i + ".html"), htmls.get(k));
        Files.writeString(outDir.resolve(i + ".flexmark.md"), theirs[k] + "\n");
        Files.writeString(outDir.resolve(i + ".mailmind.md"), ours[k] + "\n");
      }
      System.out.println("samples in " + outDir);
    }
  }

  private static void add(int[] sums, MarkdownComparison.Defects defects) {
    sums[0] += defects.lostWords();
    sums[1] += defects.lostLinks();
    sums[2] += defects.strayDelimiters();
    sums[3] += defects.raggedRows();
  }

  private static Map<String, Integer> words(String markdown) {
    Map<String, Integer> out = new HashMap<>();
    Matcher m = WORD.matcher(LINK.matcher(markdown).replaceAll("]"));
    while (m.find()) out.merge(m.group().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    return out;
  }

  private static Map<String, Integer> links(String markdown) {
    Map<String, Integer> out = new HashMap<>();
    Matcher m = LINK.matcher(markdown);
    while (m.find()) {
      String target = m.group(1);
      if (target.startsWith("<")) target = target.substring(1, target.length() - 1);
      out.merge(target, 1, Integer::sum);
    }
    return out;
  }

  /** The share of {@code reference}'s items (with multiplicity) that {@code candidate} has too; 1 when empty. */
  private static double covered(Map<String, Integer> reference, Map<String, Integer> candidate) {
    long total = 0;
    long found = 0;
    for (Map.Entry<String, Integer> e : reference.entrySet()) {
      total += e.getValue();
      found += Math.min(e.getValue(), candidate.getOrDefault(e.getKey(), 0));
    }
    return total == 0 ? 1 : (double) found / total;
  }
}
