/**
 * Gmail support (capability X-GM-EXT-1). Not API: anything here can change or disappear in any release.
 *
 * <p>On Gmail a label is an IMAP folder, and a message with three labels is in three folders. Mailmind
 * therefore syncs only All Mail (SPECIAL-USE {@code \All}), Spam ({@code \Junk}) and Trash ({@code \Trash})
 * ({@link io.mailmind.core.internal.gmail.GmailFolders}), and stores one row per X-GM-MSGID with:
 * <ul>
 *   <li>{@code labels}: X-GM-LABELS, user labels decoded from modified UTF-7, in the flags' order rule
 *       ({@link io.mailmind.core.internal.gmail.GmailLabels});</li>
 *   <li>{@code folder}: the logical folder the labels give ({@code \Inbox} Inbox, {@code \Sent} Sent,
 *       {@code \Draft} Drafts, else a user label, {@code \Starred} Starred, {@code \Important} Important, else
 *       All Mail; Spam and Trash for messages synced from there), see
 *       {@link io.mailmind.core.internal.folder.FolderNames#gmailLogicalName};</li>
 *   <li>{@code gmMsgId}, {@code gmThrId}: X-GM-MSGID and X-GM-THRID; the thread id is X-GM-THRID in hex.</li>
 * </ul>
 *
 * <p>Moving a message in Gmail (archiving it, filing it under another label, starring it) changes its labels,
 * not its place in All Mail: its All Mail UID and its row stay, and the next sync sees a label change, which is
 * stored like a flag change (counted as updated, reported by {@code onFlagsChanged}) and updates the row's
 * folder ({@link io.mailmind.core.internal.gmail.GmailLabelUpdates}). So a moved message is one message that
 * moved, never a deletion plus a new message. Moving to Spam or Trash does take a message out of All Mail:
 * that is a deletion there and a new message in Spam or Trash, as on the server.
 *
 * <p>Gmail has CONDSTORE, and a label change raises the message's MODSEQ (which clients that sync Gmail labels
 * rely on): so the incremental sync finds label changes with the same {@code CHANGEDSINCE} listing as flag
 * changes, which on Gmail also asks for X-GM-LABELS. Without CONDSTORE the full listing carries them.
 *
 * <p>When Gmail changes a folder's UIDVALIDITY, the stored rows are re-mapped to their new UIDs by X-GM-MSGID
 * without downloading anything again ({@link io.mailmind.core.internal.gmail.GmailRemap}); the host still sees
 * {@code onUidValidityChanged}.
 *
 * <p>The wire side of the extension lives in {@code internal.imap}, which needs nothing from here: Angus Mail drops a
 * FETCH response with items it does not know, so every connection's protocol registers the X-GM items
 * ({@link io.mailmind.core.internal.imap.GmailImapStore}, {@link io.mailmind.core.internal.imap.GmailFetchItems}),
 * and the connection asks for them only on Gmail.
 */
package io.mailmind.core.internal.gmail;
