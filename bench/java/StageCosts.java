import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.internal.mime.MessageMapper;
import io.mailmind.core.internal.mime.RawMessage;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU cost (process CPU time) of the engine's per-message stages, single-threaded and warm, over a generated Maildir (messages read
 * from the files with LF turned into CRLF, as IMAP sends them): mapping (MIME parse, decoding, SHA-256 of
 * attachments; also the bytes the mapping allocates), reading each attachment's bytes again (what a store does), and
 * HTML to Markdown.
 *
 * <p>java -cp mailmind.jar bench/java/StageCosts.java MAILDIR [limit]
 */
public final class StageCosts {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    boolean withMarkdown = !"nomd".equals(System.getProperty("stages"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("cur"))
          .sorted().limit(limit).toList();
    }
    MessageMapper mapper = new MessageMapper();
    HtmlToMarkdown markdown = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));
    FolderId folder = new FolderId("bench", "INBOX");
    for (int pass = 0; pass < 2; pass++) {
      long bytes = 0, mapNs = 0, blobNs = 0, mdNs = 0, htmlChars = 0, mdChars = 0, mapAlloc = 0;
      int htmls = 0, attachments = 0;
      long uid = 0;
      for (Path file : files) {
        byte[] raw = crlf(Files.readAllBytes(file));
        bytes += raw.length;
        long t0 = cpu();
        long a0 = allocated();
        MessageContent content = mapper.map(new MessageKey(folder, 1, ++uid), RawMessage.of(raw));
        mapAlloc += allocated() - a0;
        long t1 = cpu();
        byte[] buffer = new byte[1 << 16];
        for (Attachment a : content.attachments()) {
          if (a.content() == null) continue;
          attachments++;
          try (InputStream in = a.content().openStream()) {
            while (in.read(buffer) >= 0) { }
          }
        }
        long t2 = cpu();
        String md = null;
        if (content.html() != null && withMarkdown) {
          md = markdown.convert(content.html());
          htmls++;
          htmlChars += content.html().length();
          mdChars += md.length();
        }
        long t3 = cpu();
        mapNs += t1 - t0;
        blobNs += t2 - t1;
        mdNs += t3 - t2;
      }
      System.out.printf("pass %d: %d messages, %.1f MB: map %.2f s (%.0f MB/s, %.1f MB allocated), attachments read"
          + " again %.2f s (%d), markdown %.2f s for %d HTML bodies (%.2f ms each, %.1f KB HTML -> %.1f KB Markdown avg)%n",
          pass + 1, files.size(), bytes / 1e6, mapNs / 1e9, bytes / 1e6 / (mapNs / 1e9), mapAlloc / 1e6, blobNs / 1e9,
          attachments, mdNs / 1e9,
          htmls, mdNs / 1e6 / Math.max(1, htmls), htmlChars / 1e3 / Math.max(1, htmls), mdChars / 1e3 / Math.max(1, htmls));
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /** Bytes this thread has allocated so far (the mapping runs on it). */
  static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * CPU time of the whole process (the Markdown converter runs on a worker thread; GC counts too): less disturbed
   * than wall time when the machine is shared.
   */
  static long cpu() {
    return OS.getProcessCpuTime();
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
}
