package io.mailmind.examples.cli;

import io.mailmind.core.model.Folder;
import io.mailmind.core.model.MessageMetadata;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.model.SyncReport;
import io.mailmind.core.spi.MailStore;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's readable report, read back from the store: folders, counts, and one message as Markdown. */
final class DemoReport {
  private static final int MARKDOWN_LINES = 40;

  private DemoReport() {}

  static String syncLine(SyncReport report) {
    return String.format(Locale.ROOT,
        "%d folders, %d messages stored (%d new), %.1f kB fetched in %.2f s "
            + "(metadata done after %.2f s, content %.2f s, Markdown %.2f s)",
        report.folders(), report.messagesTotal(), report.messagesNew(), report.bytes() / 1024.0,
        seconds(report.elapsed()), seconds(report.metadataDone()), seconds(report.contentDone()),
        seconds(report.markdownDone()));
  }

  static void print(PrintStream out, MailStore store, String accountId) {
    Map<String, Counts> byFolder = new LinkedHashMap<>();
    for (Folder folder : store.folders(accountId)) {
      byFolder.put(folder.id().imapFolder(), new Counts(folder.name()));
    }
    MessageRecord[] showcase = new MessageRecord[1];
    store.forEachMessage(accountId, message -> {
      MessageMetadata meta = message.metadata();
      Counts counts = byFolder.computeIfAbsent(meta.key().folder().imapFolder(), name -> new Counts(meta.folder()));
      counts.messages++;
      if (!meta.flags().contains("\\Seen")) counts.unread++;
      counts.attachments += message.attachments().size();
      if (message.markdown() != null) {
        counts.markdown++;
        if (showcase[0] == null || newer(message, showcase[0])) showcase[0] = message;
      }
    });
    out.println();
    out.println(String.format(Locale.ROOT, "  %-14s %-14s %8s %7s %12s %9s", "folder", "on the server", "messages",
        "unread", "attachments", "markdown"));
    Counts total = new Counts("total");
    for (Map.Entry<String, Counts> entry : byFolder.entrySet()) {
      Counts counts = entry.getValue();
      out.println(String.format(Locale.ROOT, "  %-14s %-14s %8d %7d %12d %9d", counts.name, entry.getKey(),
          counts.messages, counts.unread, counts.attachments, counts.markdown));
      total.add(counts);
    }
    out.println(String.format(Locale.ROOT, "  %-14s %-14s %8d %7d %12d %9d", "total", "", total.messages,
        total.unread, total.attachments, total.markdown));
    if (showcase[0] != null) markdown(out, showcase[0]);
  }

  private static void markdown(PrintStream out, MessageRecord message) {
    MessageMetadata meta = message.metadata();
    out.println();
    out.println("One message as Mailmind stored it, its HTML body rendered as Markdown:");
    out.println();
    out.println("  From:    " + meta.headers().from().stream()
        .map(a -> a.name() == null ? a.address() : a.name() + " <" + a.address() + ">")
        .collect(Collectors.joining(", ")));
    out.println("  Subject: " + meta.headers().subject());
    out.println("  Date:    " + meta.effectiveDate());
    out.println("  Folder:  " + meta.folder() + ", UID " + meta.key().uid());
    out.println("  ----");
    List<String> lines = message.markdown().strip().lines().collect(Collectors.toList());
    lines.stream().limit(MARKDOWN_LINES).forEach(line -> out.println("  " + line));
    if (lines.size() > MARKDOWN_LINES) out.println("  … (" + (lines.size() - MARKDOWN_LINES) + " more lines)");
    out.println("  ----");
  }

  private static boolean newer(MessageRecord candidate, MessageRecord current) {
    Comparator<Instant> order = Comparator.nullsFirst(Comparator.naturalOrder());
    return order.compare(candidate.metadata().effectiveDate(), current.metadata().effectiveDate()) > 0;
  }

  private static double seconds(java.time.Duration duration) {
    return duration == null ? 0 : duration.toMillis() / 1000.0;
  }

  /** Counters of one folder. */
  private static final class Counts {
    final String name;
    long messages;
    long unread;
    long attachments;
    long markdown;

    Counts(String name) {
      this.name = name;
    }

    void add(Counts other) {
      messages += other.messages;
      unread += other.unread;
      attachments += other.attachments;
      markdown += other.markdown;
    }
  }
}
