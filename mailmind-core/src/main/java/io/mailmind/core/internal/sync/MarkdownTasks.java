package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.spi.MailTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Markdown unit: converts the HTML bodies of stored messages to Markdown, and to the Markdown of their new
 * text (without the quoted history), and stores both of a task in one unit.
 * The HTML comes from the {@link PendingHtml} the content unit just filled, else from the store (one read for
 * the task's messages).
 */
public final class MarkdownTasks {
  private final SyncContext context;
  private final HtmlToMarkdown converter;
  private final PendingHtml pendingHtml;

  public MarkdownTasks(SyncContext context, HtmlToMarkdown converter, PendingHtml pendingHtml) {
    this.context = context;
    this.converter = converter;
    this.pendingHtml = pendingHtml;
  }

  void render(AccountRuntime runtime, MailTask.RenderMarkdown task) {
    FolderId folderId = new FolderId(task.accountId(), task.imapFolder());
    Map<Long, String> html = new HashMap<>();
    List<Long> notKept = new ArrayList<>();
    for (long uid : task.uids()) {
      String kept = pendingHtml.take(new MessageKey(folderId, task.uidValidity(), uid));
      if (kept != null) html.put(uid, kept);
      else notKept.add(uid);
    }
    if (!notKept.isEmpty()) html.putAll(context.store().html(folderId, task.uidValidity(), notKept));
    Map<MessageKey, RenderedBody> rendered = new LinkedHashMap<>();
    for (long uid : task.uids()) {
      String body = html.get(uid);
      if (body != null) {
        HtmlToMarkdown.Rendered both = converter.convertWithNewText(body);
        rendered.put(new MessageKey(folderId, task.uidValidity(), uid),
            new RenderedBody(both.markdown(), both.newText()));
      }
    }
    if (rendered.isEmpty()) return;
    context.store().storeRendered(rendered);
    runtime.stats().markdownCommitted();
    context.listeners().onMarkdownStored(new MessagesEvent(task.accountId(),
        runtime.folders.logicalName(task.imapFolder()), task.imapFolder(), task.uidValidity(),
        rendered.keySet().stream().map(MessageKey::uid).sorted().toList(), context.clock().instant()));
  }

  /** Forgets the HTML kept for tasks that will not run (on close). */
  void clear() {
    pendingHtml.clear();
  }
}
