package io.mailmind.core.spi;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * A unit of the engine's work, as data. Every task is a record that Jackson can write and read, so a host can
 * put tasks on a durable or distributed queue and hand them back to {@link TaskHandler#handle} on any node
 * that has the same store and credentials.
 *
 * <p>{@link StoreBatch} is the exception: it names a spool of fetched bytes held by the node that fetched
 * them, so it must run on that node.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MailTask.SyncAccount.class, name = "sync_account"),
    @JsonSubTypes.Type(value = MailTask.SyncFolder.class, name = "sync_folder"),
    @JsonSubTypes.Type(value = MailTask.FetchContentBatch.class, name = "fetch_content_batch"),
    @JsonSubTypes.Type(value = MailTask.StoreBatch.class, name = "store_batch"),
    @JsonSubTypes.Type(value = MailTask.RenderMarkdown.class, name = "render_markdown"),
    @JsonSubTypes.Type(value = MailTask.ProcessNewMail.class, name = "process_new_mail"),
})
public sealed interface MailTask {

  /** The account the task works for; the default executor bounds concurrency per account. */
  String accountId();

  /** Sync every selected folder of an account. */
  record SyncAccount(String accountId) implements MailTask {
    public SyncAccount {
      Objects.requireNonNull(accountId, "accountId");
    }
  }

  /** Sync one folder: UIDs, metadata of new messages, flags, deletions; then queue content batches. */
  record SyncFolder(String accountId, String imapFolder) implements MailTask {
    public SyncFolder {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(imapFolder, "imapFolder");
    }
  }

  /** Fetch the full content of these UIDs (bounded by count and bytes) and store it. */
  record FetchContentBatch(String accountId, String imapFolder, long uidValidity, List<Long> uids) implements MailTask {
    public FetchContentBatch {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(imapFolder, "imapFolder");
      uids = List.copyOf(uids);
    }
  }

  /** Parse and store a fetched batch held in a local spool, as one transaction. */
  record StoreBatch(String accountId, String imapFolder, long uidValidity, String spoolId) implements MailTask {
    public StoreBatch {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(imapFolder, "imapFolder");
      Objects.requireNonNull(spoolId, "spoolId");
    }
  }

  /** Convert the HTML bodies of these stored messages to Markdown. */
  record RenderMarkdown(String accountId, String imapFolder, long uidValidity, List<Long> uids) implements MailTask {
    public RenderMarkdown {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(imapFolder, "imapFolder");
      uids = List.copyOf(uids);
    }
  }

  /** New mail was announced in a folder (IDLE EXISTS or polling): fetch what is above the stored UIDNEXT. */
  record ProcessNewMail(String accountId, String imapFolder) implements MailTask {
    public ProcessNewMail {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(imapFolder, "imapFolder");
    }
  }
}
