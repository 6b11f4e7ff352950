package io.mailmind.examples.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageRecord;
import io.mailmind.core.spi.MailStore;
import io.mailmind.examples.crash.ServerMessages.FilePart;
import io.mailmind.examples.crash.ServerMessages.ServerMessage;
import io.mailmind.jdbc.JdbcMailStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Opens a store as the command line does (HikariCP, then {@code JdbcMailStore.builder(dataSource)}, with the
 * attachment directory beside an embedded file) and
 * lists every way it differs from the server: keys missing, extra or stored twice, flags, sizes, content state,
 * each attachment's SHA-256 re-computed from the bytes read back through {@link MailStore#attachmentContent},
 * and Markdown for every HTML message. Also reads every row with a full export ({@link MailStore#forEachMessage}).
 */
final class StoreCheck {
  private final String accountId;
  private final Map<MessageKey, ServerMessage> server;
  private final List<String> differences = new ArrayList<>();

  private StoreCheck(String accountId, Map<MessageKey, ServerMessage> server) {
    this.accountId = accountId;
    this.server = server;
  }

  /** The differences between the store at {@code url} and {@code server}; empty when they are equal. */
  static List<String> differences(String url, String dbUser, String accountId, Map<MessageKey, ServerMessage> server) {
    StoreCheck check = new StoreCheck(accountId, server);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (url.startsWith("jdbc:sqlite:")) config.setDataSourceProperties(io.mailmind.jdbc.SqliteDataSources.settingsFor(url));
    config.setPoolName("crash-check");
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(15_000);
    if (dbUser != null) config.setUsername(dbUser);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      MailStore store;
      try {
        JdbcMailStore.Builder builder = JdbcMailStore.builder(dataSource);
        io.mailmind.examples.cli.AttachmentPlace.besideEmbeddedFile(url).ifPresent(builder::attachmentsInDirectory);
        store = builder.build();
      } catch (RuntimeException e) {
        return List.of("the store does not open: " + e);
      }
      try (store) {
        check.compare(store);
      }
    } catch (RuntimeException e) {
      check.differences.add("checking the store failed: " + e);
    }
    return check.differences;
  }

  private void compare(MailStore store) {
    Map<String, Long> uidValidityByFolder = new HashMap<>();
    for (Folder folder : store.folders(accountId)) {
      uidValidityByFolder.put(folder.id().imapFolder(), folder.checkpoint().uidValidity());
    }
    for (MessageKey key : server.keySet()) {
      Long stored = uidValidityByFolder.get(key.folder().imapFolder());
      if (stored == null || stored != key.uidValidity()) {
        differ(key.folder().imapFolder() + ": the store's checkpoint has UIDVALIDITY " + stored + ", server "
            + key.uidValidity());
        uidValidityByFolder.put(key.folder().imapFolder(), key.uidValidity()); // report each folder once
      }
    }
    Map<MessageKey, MessageRecord> exported = new HashMap<>();
    int[] rows = {0};
    try {
      store.forEachMessage(accountId, record -> {
        rows[0]++;
        if (exported.put(record.key(), record) != null) differ(record.key() + ": exported twice");
        if (!server.containsKey(record.key())) differ(record.key() + ": in the store but not on the server");
      });
    } catch (RuntimeException e) {
      differ("the full export failed after " + rows[0] + " rows: " + e);
    }
    long counted = store.countMessages(accountId);
    if (counted != server.size()) differ("countMessages(" + accountId + ") was " + counted + ", server has " + server.size());
    for (ServerMessage expected : server.values()) {
      MessageRecord record = exported.get(expected.key());
      if (record == null) {
        Optional<MessageRecord> single = store.message(expected.key());
        differ(expected.key() + ": missing from the export" + (single.isPresent()
            ? " (message(key) finds it, state " + single.get().state() + ")" : " and from message(key)"));
        if (single.isEmpty()) continue;
        record = single.get();
      }
      compare(store, expected, record);
    }
  }

  private void compare(MailStore store, ServerMessage expected, MessageRecord record) {
    MessageKey key = expected.key();
    if (record.state() != ContentState.COMPLETE) {
      differ(key + ": content_state " + record.state() + " (error " + record.error() + "), expected COMPLETE");
    }
    if (record.metadata().size() != expected.size()) {
      differ(key + ": size " + record.metadata().size() + ", server RFC822.SIZE " + expected.size());
    }
    List<String> flags = List.copyOf(new TreeSet<>(record.metadata().flags()));
    if (!flags.equals(expected.flags())) differ(key + ": flags " + flags + ", server " + expected.flags());
    if (!expected.subject().equals(record.metadata().headers().subject())) {
      differ(key + ": subject '" + record.metadata().headers().subject() + "', server '" + expected.subject() + "'");
    }
    if (!expected.messageId().equals(record.metadata().headers().messageId())) {
      differ(key + ": Message-ID " + record.metadata().headers().messageId() + ", server " + expected.messageId());
    }
    if (expected.hasHtml()) {
      if (record.html() == null) differ(key + ": HTML body missing");
      if (record.markdown() == null || record.markdown().isBlank()) differ(key + ": Markdown missing for an HTML body");
    }
    List<Attachment> attachments = record.attachments();
    if (attachments.size() != expected.files().size()) {
      differ(key + ": " + attachments.size() + " attachments, server has " + expected.files().size() + " " + expected.files());
      return;
    }
    for (int i = 0; i < attachments.size(); i++) {
      Attachment stored = attachments.get(i);
      FilePart file = expected.files().get(i);
      String where = key + ": attachment " + i + " (" + file.filename() + ")";
      if (!file.filename().equals(stored.filename())) differ(where + ": filename " + stored.filename());
      if (stored.size() != file.size()) differ(where + ": size " + stored.size() + ", server " + file.size());
      if (!file.sha256().equals(stored.sha256())) {
        differ(where + ": recorded sha256 " + stored.sha256() + ", server " + file.sha256());
      }
      Optional<Blob> content;
      try {
        content = store.attachmentContent(key, i);
      } catch (RuntimeException e) {
        differ(where + ": attachmentContent failed: " + e);
        continue;
      }
      if (content.isEmpty()) {
        differ(where + ": attachmentContent is empty");
        continue;
      }
      byte[] bytes;
      try {
        bytes = content.get().readAllBytes();
      } catch (RuntimeException e) {
        differ(where + ": reading the stored bytes failed: " + e);
        continue;
      }
      String recomputed = ServerMessages.sha256(bytes);
      if (!recomputed.equals(file.sha256())) {
        differ(where + ": sha256 of the " + bytes.length + " stored bytes " + recomputed + ", server " + file.sha256()
            + " (" + file.size() + " bytes)");
      }
    }
  }

  private void differ(String difference) {
    differences.add(difference);
  }
}
