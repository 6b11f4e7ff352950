package io.mailmind.examples.web;

import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One line of the inbox list as the page shows it, made from a message's metadata. The same values fill the
 * server-rendered table and the JSON that the page's script renders. Raw text: escape before writing HTML.
 *
 * @param subject     the decoded subject, {@code ""} when absent
 * @param from        the first sender's name, or its address when it has none
 * @param fromAddress the first sender's address, {@code ""} when there is none
 * @param date        the effective date as {@code yyyy-MM-dd HH:mm} in UTC, {@code ""} when unknown
 * @param dateIso     the same as ISO-8601, {@code ""} when unknown
 * @param folder      the logical folder name
 * @param imapFolder  the decoded server folder name
 * @param uidValidity UIDVALIDITY
 * @param uid         UID
 * @param seen        whether the message has the {@code \Seen} flag
 */
record InboxRow(String subject, String from, String fromAddress, String date, String dateIso, String folder,
    String imapFolder, long uidValidity, long uid, boolean seen) {

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  static InboxRow of(MessageMetadata metadata) {
    List<EmailAddress> senders = metadata.headers().from();
    EmailAddress sender = senders.isEmpty() ? null : senders.get(0);
    String address = sender == null ? "" : sender.address();
    String name = sender == null || sender.name() == null || sender.name().isBlank() ? address : sender.name();
    Instant date = metadata.effectiveDate();
    MessageKey key = metadata.key();
    return new InboxRow(metadata.headers().subject(), name, address, date == null ? "" : SHOWN.format(date),
        date == null ? "" : date.toString(), metadata.folder(), key.folder().imapFolder(), key.uidValidity(), key.uid(),
        metadata.flags().contains("\\Seen"));
  }

  /** The path of this message's page, its parameters URL-encoded. */
  String href() {
    return "/message?folder=" + URLEncoder.encode(imapFolder, StandardCharsets.UTF_8) + "&uidvalidity=" + uidValidity
        + "&uid=" + uid;
  }
}
