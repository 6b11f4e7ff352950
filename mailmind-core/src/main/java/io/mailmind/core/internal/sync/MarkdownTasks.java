package io.mailmind.core.internal.sync;

import io.mailmind.core.internal.mime.HtmlToMarkdown;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessagesEvent;
import io.mailmind.core.model.RenderedBody;
import io.mailmind.core.spi.MailTask;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Markdown unit: converts the HTML bodies of stored messages to Markdown, and to the Markdown of their new
 * text (without the quoted history), and stores both of a task in one unit.
 * The HTML comes from the {@link PendingHtml} the content unit just filled, else from the store.
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
    Map<MessageKey, RenderedBody> rendered = new LinkedHashMap<>();
    for (long uid : task.uids()) {
      MessageKey key = new MessageKey(folderId, task.uidValidity(), uid);
      String kept = pendingHtml.take(key);
      Optional<String> html = kept != null ? Optional.of(kept) : context.store().html(key);
      if (html.isPresent()) {
        HtmlToMarkdown.Rendered both = converter.convertWithNewText(html.get());
        rendered.put(key, new RenderedBody(both.markdown(), both.newText()));
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
