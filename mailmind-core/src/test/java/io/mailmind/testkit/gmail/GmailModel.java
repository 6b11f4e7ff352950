package io.mailmind.testkit.gmail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The mailbox behind {@link ScriptedGmailServer}, modelled the way Gmail works: every message exists once
 * (X-GM-MSGID, X-GM-THRID, flags, labels, raw bytes) and lives in All Mail, Spam or Trash; the other IMAP
 * folders are views by label (INBOX by {@code \Inbox}, Sent Mail by {@code \Sent}, a user label's folder by
 * that label). Each folder keeps its own UIDs: a message gets the folder's next UID when it first shows up
 * there and loses it when it leaves (Gmail gives it a new one if it comes back). Tests change the model
 * between syncs; the server reads it on every command.
 *
 * <p>CONDSTORE: every change of a message (arrival, flags, labels, move) gives it the next MODSEQ of the
 * account; a folder's HIGHESTMODSEQ is the highest MODSEQ of its messages, or of the last departure from it.
 * That a label change raises the MODSEQ is what clients that sync Gmail labels with CHANGEDSINCE rely on.
 *
 * <p>Simplifications: flags and labels are independent (Gmail couples {@code \Flagged} with {@code \Starred});
 * folder names are fixed at construction; a user label's folder exists while some message has that label or
 * it was created with {@link #createLabel}. Labels are held decoded; the server encodes user labels and folder
 * names in modified UTF-7.
 *
 * <p>Thread-safe: every method holds the model's lock.
 */
public final class GmailModel {
  /** Where a message lives. */
  public enum Location { ALL_MAIL, SPAM, TRASH }

  /** One message as a FETCH sees it; an immutable snapshot. */
  public record Row(long uid, long msgId, long thrId, List<String> flags, List<String> labels, byte[] raw,
      Instant internalDate, long modSeq) {}

  /** A folder as EXAMINE sees it; an immutable snapshot, rows by ascending UID (sequence number = index + 1). */
  public record View(String name, long uidValidity, long uidNext, long highestModSeq, List<Row> rows) {}

  /** A folder as LIST shows it. */
  public record Listed(String name, List<String> attributes) {}

  private static final class Message {
    final long msgId;
    final long thrId;
    final byte[] raw;
    final Instant internalDate;
    final Set<String> flags = new LinkedHashSet<>();
    final Set<String> labels = new LinkedHashSet<>();
    Location location = Location.ALL_MAIL;
    long modSeq;

    Message(long msgId, long thrId, byte[] raw, Instant internalDate) {
      this.msgId = msgId;
      this.thrId = thrId;
      this.raw = raw;
      this.internalDate = internalDate;
    }
  }

  private static final class Mailbox {
    final String name;
    final List<String> attributes;
    final Predicate<Message> members;
    long uidValidity;
    long uidNext = 1;
    long departedModSeq;
    final Map<Long, Long> uidByMsgId = new LinkedHashMap<>();

    Mailbox(String name, List<String> attributes, Predicate<Message> members, long uidValidity) {
      this.name = name;
      this.attributes = attributes;
      this.members = members;
      this.uidValidity = uidValidity;
    }
  }

  private final String root;
  private final Map<Long, Message> messages = new TreeMap<>(); // by X-GM-MSGID, that is in arrival order
  private final Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
  private long nextMsgId = 1_790_000_000_000_000_001L;
  private long nextUidValidity = 11;
  private long modSeq = 4000;
  private Instant nextInternalDate = Instant.parse("2024-03-01T09:15:02Z");

  /** The English folder names: {@code [Gmail]/All Mail}, {@code [Gmail]/Spam}, {@code [Gmail]/Trash}, ... */
  public static GmailModel english() {
    return new GmailModel("[Gmail]", "All Mail", "Spam", "Trash", "Sent Mail", "Drafts", "Important", "Starred");
  }

  /** The German folder names ({@code [Google Mail]/Alle Nachrichten}, {@code [Google Mail]/Papierkorb}, ...). */
  public static GmailModel german() {
    return new GmailModel("[Google Mail]", "Alle Nachrichten", "Spam", "Papierkorb", "Gesendet", "Entwürfe",
        "Wichtig", "Markiert");
  }

  private GmailModel(String root, String allMail, String spam, String trash, String sent, String drafts,
      String important, String starred) {
    this.root = root;
    mailbox("INBOX", List.of("\\HasNoChildren"), m -> inAllMail(m) && m.labels.contains("\\Inbox"));
    mailbox(root + "/" + allMail, List.of("\\All", "\\HasNoChildren"), GmailModel::inAllMail);
    mailbox(root + "/" + drafts, List.of("\\Drafts", "\\HasNoChildren"),
        m -> inAllMail(m) && m.labels.contains("\\Draft"));
    mailbox(root + "/" + important, List.of("\\HasNoChildren", "\\Important"),
        m -> inAllMail(m) && m.labels.contains("\\Important"));
    mailbox(root + "/" + sent, List.of("\\HasNoChildren", "\\Sent"), m -> inAllMail(m) && m.labels.contains("\\Sent"));
    mailbox(root + "/" + spam, List.of("\\HasNoChildren", "\\Junk"), m -> m.location == Location.SPAM);
    mailbox(root + "/" + starred, List.of("\\Flagged", "\\HasNoChildren"),
        m -> inAllMail(m) && m.labels.contains("\\Starred"));
    mailbox(root + "/" + trash, List.of("\\HasNoChildren", "\\Trash"), m -> m.location == Location.TRASH);
  }

  private static boolean inAllMail(Message m) {
    return m.location == Location.ALL_MAIL;
  }

  private void mailbox(String name, List<String> attributes, Predicate<Message> members) {
    mailboxes.put(name, new Mailbox(name, attributes, members, nextUidValidity++));
  }

  // ---- what tests do ----

  /** Adds a message to All Mail with these labels (and a new thread); returns its X-GM-MSGID. */
  public synchronized long addMessage(String raw, String... labels) {
    long msgId = nextMsgId;
    return addMessage(msgId, msgId, raw, labels);
  }

  /** Adds a message with this X-GM-MSGID and X-GM-THRID (unsigned 64 bits in a long) to All Mail. */
  public synchronized long addMessage(long msgId, long thrId, String raw, String... labels) {
    if (messages.containsKey(msgId)) throw new IllegalArgumentException("X-GM-MSGID " + msgId + " exists");
    Message message = new Message(msgId, thrId, raw.getBytes(StandardCharsets.UTF_8), nextInternalDate);
    nextInternalDate = nextInternalDate.plusSeconds(3600);
    nextMsgId = Math.max(nextMsgId, msgId + 1);
    message.labels.addAll(List.of(labels));
    message.modSeq = ++modSeq;
    messages.put(msgId, message);
    createLabelFolders(message.labels);
    return msgId;
  }

  /** Replaces a message's labels. */
  public synchronized void setLabels(long msgId, String... labels) {
    Message message = message(msgId);
    message.labels.clear();
    message.labels.addAll(List.of(labels));
    message.modSeq = ++modSeq;
    createLabelFolders(message.labels);
  }

  /** Replaces a message's flags ({@code \Seen}, ...). */
  public synchronized void setFlags(long msgId, String... flags) {
    Message message = message(msgId);
    message.flags.clear();
    message.flags.addAll(List.of(flags));
    message.modSeq = ++modSeq;
  }

  /** Moves a message to All Mail, Spam or Trash. */
  public synchronized void moveTo(long msgId, Location location) {
    Message message = message(msgId);
    message.location = location;
    message.modSeq = ++modSeq;
  }

  /** Deletes a message for good (as emptying the Trash does). */
  public synchronized void delete(long msgId) {
    message(msgId);
    messages.remove(msgId);
    ++modSeq;
  }

  /** Gives a folder a new UIDVALIDITY; its messages get new UIDs, all different from the old ones. */
  public synchronized void changeUidValidity(String folderName) {
    Mailbox mailbox = mailboxes.get(folderName);
    if (mailbox == null) throw new IllegalArgumentException("no folder " + folderName);
    mailbox.uidValidity = nextUidValidity++ + 1000;
    mailbox.uidNext += 1000;
    mailbox.uidByMsgId.clear();
  }

  /** Creates a user label (and so its folder) that no message has yet. */
  public synchronized void createLabel(String label) {
    createLabelFolders(List.of(label));
  }

  /** The name of the folder with this SPECIAL-USE attribute ({@code \All}, {@code \Junk}, ...). */
  public synchronized String folderWith(String attribute) {
    return mailboxes.values().stream().filter(m -> m.attributes.contains(attribute)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no folder with " + attribute)).name;
  }

  // ---- what the server reads ----

  /** Every folder, for LIST: the root ({@code \Noselect}) first, then INBOX and the others in name order. */
  public synchronized List<Listed> list() {
    List<Listed> out = new ArrayList<>();
    out.add(new Listed("INBOX", mailboxes.get("INBOX").attributes));
    out.add(new Listed(root, List.of("\\HasChildren", "\\Noselect")));
    mailboxes.values().stream().filter(m -> !m.name.equals("INBOX")).sorted(Comparator.comparing(m -> m.name))
        .forEach(m -> out.add(new Listed(m.name, m.attributes)));
    return out;
  }

  /** A folder's current content, UIDs assigned to newcomers; null when there is no such selectable folder. */
  public synchronized View view(String folderName) {
    Mailbox mailbox = mailboxes.get(folderName);
    if (mailbox == null) return null;
    if (mailbox.uidByMsgId.keySet().removeIf(msgId -> !messages.containsKey(msgId)
        || !mailbox.members.test(messages.get(msgId)))) {
      mailbox.departedModSeq = modSeq;
    }
    for (Message message : messages.values()) {
      if (mailbox.members.test(message) && !mailbox.uidByMsgId.containsKey(message.msgId)) {
        mailbox.uidByMsgId.put(message.msgId, mailbox.uidNext++);
      }
    }
    List<Row> rows = new ArrayList<>();
    long highestModSeq = Math.max(1, mailbox.departedModSeq);
    for (Map.Entry<Long, Long> entry : mailbox.uidByMsgId.entrySet()) {
      Message m = messages.get(entry.getKey());
      rows.add(new Row(entry.getValue(), m.msgId, m.thrId, List.copyOf(m.flags), List.copyOf(m.labels), m.raw,
          m.internalDate, m.modSeq));
      highestModSeq = Math.max(highestModSeq, m.modSeq);
    }
    rows.sort(Comparator.comparingLong(Row::uid));
    return new View(mailbox.name, mailbox.uidValidity, mailbox.uidNext, highestModSeq, List.copyOf(rows));
  }

  /** Sets {@code \Seen} (a non-PEEK body fetch does that). */
  synchronized void markSeen(long msgId) {
    Message message = messages.get(msgId);
    if (message != null && message.flags.add("\\Seen")) message.modSeq = ++modSeq;
  }

  private Message message(long msgId) {
    Message message = messages.get(msgId);
    if (message == null) throw new IllegalArgumentException("no message with X-GM-MSGID " + msgId);
    return message;
  }

  private void createLabelFolders(Iterable<String> labels) {
    for (String label : labels) {
      if (label.startsWith("\\") || mailboxes.containsKey(label)) continue;
      mailbox(label, List.of("\\HasNoChildren"), m -> inAllMail(m) && m.labels.contains(label));
    }
  }
}
