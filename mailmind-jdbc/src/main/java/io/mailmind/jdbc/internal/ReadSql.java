package io.mailmind.jdbc.internal;

/**
 * The statements that read messages (with their bodies and rendering), their addresses and attachments, and the
 * contacts: the same on every database, so built here once for {@link SqlDialect#reads}. Immutable and thread-safe.
 */
final class ReadSql {
  private final Tables t;

  ReadSql(Tables tables) {
    this.t = tables;
  }


  /** Message rows with their bodies and rendering (nulls for a message without a row in those tables). */
  private String messageSelect() {
    return messageSelect(t.messages());
  }

  /** As {@link #messageSelect()}, the message rows taken from {@code messages}: the table, or a page of it. */
  private String messageSelect(String messages) {
    return "SELECT m.id, a.account_id, f.imap_folder, m.uid_validity, m.uid, m.folder, m.message_id, m.in_reply_to, m.refs,"
        + " m.subject, m.date_s, m.internal_date_s, m.thread_id, m.flags, m.labels, m.size, m.gm_msgid, m.gm_thrid,"
        + " b.body_text, b.body_html, r.markdown, s.content_state, s.content_error, r.new_text FROM " + messages + " m JOIN "
        + t.folders() + " f ON f.id = m.folder_pk JOIN " + t.accounts() + " a ON a.id = f.account_pk"
        + " JOIN " + t.messageSteps() + " s ON s.message_pk = m.id"
        + " LEFT JOIN " + t.messageBodies() + " b ON b.message_pk = m.id LEFT JOIN " + t.messageRendered()
        + " r ON r.message_pk = m.id";
  }

  /**
   * A page of message rows with their bodies and rendering: the page is chosen from the message rows alone
   * ({@code where}, {@code order}, then the parameters of {@code limit}; the table is {@code m} in them, inside and
   * outside), and only its messages' text is read, on databases (H2) that would otherwise join every candidate row
   * before they sort and cut.
   */
  private String page(String where, String order, String limit) {
    return messageSelect("(SELECT * FROM " + t.messages() + " m WHERE " + where + " ORDER BY " + order + " " + limit + ")")
        + " ORDER BY " + order;
  }

  String messageByKey() {
    return messageSelect() + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? AND m.uid = ?";
  }

  String newestFirst() {
    return page("m.folder_pk = ?", "m.sort_date_s DESC, m.uid DESC, m.uid_validity DESC", "LIMIT ? OFFSET ?");
  }

  String byMessageId() {
    return messageSelect() + " WHERE a.account_id = ? AND m.message_id = ?";
  }

  String byThread() {
    return messageSelect() + " WHERE a.account_id = ? AND m.thread_id = ?";
  }

  String uidValiditiesOfFolder() {
    return "SELECT DISTINCT uid_validity FROM " + t.messages() + " WHERE folder_pk = ?";
  }

  /** A page of one folder and UIDVALIDITY by UID, along the (folder_pk, uid_validity, uid) index. */
  String folderPageOneUidValidity() {
    return page("m.folder_pk = ? AND m.uid_validity = ? AND m.uid > ?", "m.uid", "LIMIT ?");
  }

  String folderPage() {
    return page("m.folder_pk = ? AND (m.uid > ? OR (m.uid = ? AND m.uid_validity > ?))", "m.uid, m.uid_validity",
        "LIMIT ?");
  }

  /** The HTML body of one message (a row, null without one), by account, folder, UIDVALIDITY and UID. */
  String htmlByKey() {
    return "SELECT b.body_html FROM " + t.messages() + " m JOIN " + t.folders() + " f ON f.id = m.folder_pk JOIN "
        + t.accounts() + " a ON a.id = f.account_pk LEFT JOIN " + t.messageBodies() + " b ON b.message_pk = m.id"
        + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? AND m.uid = ?";
  }

  /** How many messages of one folder with one UIDVALIDITY, from the (folder_pk, uid_validity, uid) index. */
  String countInFolder() {
    return "SELECT COUNT(*) FROM " + t.messages() + " m JOIN " + t.folders() + " f ON f.id = m.folder_pk JOIN "
        + t.accounts() + " a ON a.id = f.account_pk WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ?";
  }

  String countMessages() {
    return "SELECT COUNT(*) FROM " + t.messages() + " m JOIN " + t.accounts() + " a ON a.id = m.account_pk"
        + " WHERE a.account_id = ?";
  }

  /**
   * Every message row of one folder and UIDVALIDITY (account id, folder, UIDVALIDITY), read by scanning the table:
   * the {@code + 0} keeps every database from answering through the (folder_pk, uid_validity, uid) index, so a row
   * the index lost, or an index entry whose row is gone, shows (see {@link io.mailmind.core.spi.MailStore#readBack}).
   */
  String readBack() {
    return "SELECT m.uid, m.flags, m.size FROM " + t.messages() + " m WHERE m.folder_pk + 0 = (SELECT f.id FROM "
        + t.folders() + " f JOIN " + t.accounts() + " a ON a.id = f.account_pk WHERE a.account_id = ? AND"
        + " f.imap_folder = ?) AND m.uid_validity + 0 = ? ORDER BY m.uid";
  }

  /**
   * The messages of one folder and UIDVALIDITY, each with 1 when it has an HTML body and no Markdown: the body row
   * is looked at only for a message without Markdown.
   */
  String knownMessages() {
    return "SELECT m.uid, s.content_state, m.flags, m.labels,"
        + " CASE WHEN EXISTS (SELECT 1 FROM " + t.messageRendered() + " r WHERE r.message_pk = m.id AND r.markdown IS NOT NULL)"
        + " THEN 0 WHEN EXISTS (SELECT 1 FROM " + t.messageBodies() + " b WHERE b.message_pk = m.id AND b.body_html IS NOT NULL)"
        + " THEN 1 ELSE 0 END FROM " + t.messages() + " m JOIN "
        + t.folders() + " f ON f.id = m.folder_pk JOIN " + t.accounts() + " a ON a.id = f.account_pk"
        + " JOIN " + t.messageSteps() + " s ON s.message_pk = m.id"
        + " WHERE a.account_id = ? AND f.imap_folder = ? AND m.uid_validity = ? ORDER BY m.uid";
  }

  /**
   * The messages of one account (parameter: its id) still waiting for content (pending 1) or Markdown (2), read
   * from the (account_pk, pending) index: the cost grows with what is pending, not with the mailbox.
   */
  String pendingMessages() {
    return "SELECT f.imap_folder, m.uid_validity, m.uid, m.size, s.pending FROM " + t.messageSteps() + " s JOIN "
        + t.messages() + " m ON m.id = s.message_pk JOIN " + t.folders() + " f ON f.id = m.folder_pk"
        + " WHERE s.account_pk = (SELECT id FROM " + t.accounts() + " WHERE account_id = ?) AND s.pending > 0"
        + " ORDER BY f.imap_folder, m.uid_validity, m.uid";
  }

  String addressesOf(int messages) {
    return "SELECT message_pk, field, pos, name, address FROM " + t.addresses() + " WHERE message_pk IN ("
        + SqlDialect.params(messages) + ") ORDER BY message_pk, field, pos";
  }

  String attachmentsOf(int messages) {
    return "SELECT a.message_pk, a.pos, a.filename, a.content_type, a.size, a.sha256, a.inline_part, a.content_id,"
        + " a.blob_sha256, b.size, b.location FROM " + t.attachments() + " a LEFT JOIN " + t.blobs()
        + " b ON b.sha256 = a.blob_sha256 WHERE a.message_pk IN (" + SqlDialect.params(messages) + ") ORDER BY a.message_pk, a.pos";
  }

  /** Per address of one account (parameter: its row id): first and last date seen and the number of messages. */
  String contactCounts() {
    return "SELECT x.address_lc, MIN(COALESCE(m.date_s, m.internal_date_s)), MAX(COALESCE(m.date_s, m.internal_date_s)),"
        + " COUNT(DISTINCT x.message_pk) FROM " + t.addresses() + " x JOIN " + t.messages() + " m ON m.id = x.message_pk"
        + " WHERE x.account_pk = ? AND x.address_lc <> '' GROUP BY x.address_lc";
  }

  /**
   * Per address of one account (parameter: its row id): the last non-blank display name by message date (ties:
   * the greatest key, then From, To, Cc, Bcc, Reply-To and position).
   */
  String contactNames() {
    return "SELECT r.address, r.name FROM (SELECT x.address_lc AS address, x.name AS name,"
        + " ROW_NUMBER() OVER (PARTITION BY x.address_lc ORDER BY m.sort_date_s DESC, f.imap_folder DESC,"
        + " m.uid_validity DESC, m.uid DESC,"
        + " CASE x.field WHEN 'from' THEN 0 WHEN 'to' THEN 1 WHEN 'cc' THEN 2 WHEN 'bcc' THEN 3 ELSE 4 END, x.pos) AS rn"
        + " FROM " + t.addresses() + " x JOIN " + t.messages() + " m ON m.id = x.message_pk JOIN " + t.folders()
        + " f ON f.id = m.folder_pk WHERE x.account_pk = ? AND x.address_lc <> '' AND x.name IS NOT NULL"
        + " AND TRIM(x.name) <> '') r WHERE r.rn = 1";
  }
}
