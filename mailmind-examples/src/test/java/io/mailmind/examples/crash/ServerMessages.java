package io.mailmind.examples.crash;

import io.mailmind.core.model.MessageKey;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What the IMAP server holds, read without Mailmind: a plain Jakarta Mail client fetches every message's raw
 * bytes and parses them locally, so the attachments' SHA-256 are computed independently of Mailmind's MIME code.
 */
final class ServerMessages {
  /** One file part (a leaf with a file name), in MIME order. */
  record FilePart(String filename, long size, String sha256) {}

  /** One message as the server has it. */
  record ServerMessage(MessageKey key, String messageId, String subject, List<String> flags, long size,
      boolean hasHtml, List<FilePart> files) {}

  private ServerMessages() {}

  /** Every message of every folder, keyed by (account, folder, UIDVALIDITY, UID), in key order. */
  static Map<MessageKey, ServerMessage> read(String accountId, String host, int port, String user, String password)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("mail.imap.connectiontimeout", "10000");
    properties.setProperty("mail.imap.timeout", "30000");
    properties.setProperty("mail.imap.peek", "true"); // BODY.PEEK[]: reading must not set \Seen
    properties.setProperty("mail.imap.partialfetch", "false"); // one FETCH per message, not one per 16 KiB
    Store store = Session.getInstance(properties).getStore("imap");
    store.connect(host, port, user, password);
    try {
      Map<MessageKey, ServerMessage> messages = new LinkedHashMap<>();
      for (Folder folder : store.getDefaultFolder().list("*")) {
        if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) continue;
        folder.open(Folder.READ_ONLY);
        try {
          UIDFolder uids = (UIDFolder) folder;
          String name = folder.getFullName().replace(folder.getSeparator(), '/');
          if (name.equalsIgnoreCase("INBOX")) name = "INBOX";
          Message[] all = folder.getMessages();
          FetchProfile profile = new FetchProfile();
          profile.add(UIDFolder.FetchProfileItem.UID);
          profile.add(FetchProfile.Item.FLAGS);
          profile.add(FetchProfile.Item.SIZE);
          folder.fetch(all, profile);
          long[] sizes = new long[all.length]; // RFC822.SIZE, read before the raw fetch replaces it
          for (int i = 0; i < all.length; i++) sizes[i] = all[i].getSize();
          FetchProfile raw = new FetchProfile();
          raw.add(IMAPFolder.FetchProfileItem.MESSAGE); // every raw message in one FETCH
          folder.fetch(all, raw);
          for (int i = 0; i < all.length; i++) {
            MessageKey key = MessageKey.of(accountId, name, uids.getUIDValidity(), uids.getUID(all[i]));
            messages.put(key, describe(key, (MimeMessage) all[i], sizes[i]));
          }
        } finally {
          folder.close(false);
        }
      }
      return messages;
    } finally {
      store.close();
    }
  }

  private static ServerMessage describe(MessageKey key, MimeMessage message, long size)
      throws MessagingException, IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    message.writeTo(raw);
    MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.toByteArray()));
    List<FilePart> files = new ArrayList<>();
    boolean[] html = {false};
    walk(parsed, files, html);
    String messageId = parsed.getHeader("Message-ID", null);
    return new ServerMessage(key, messageId == null ? null : messageId.trim(), parsed.getSubject(),
        flags(message.getFlags()), size, html[0], files);
  }

  private static void walk(Part part, List<FilePart> files, boolean[] html) throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) walk(multipart.getBodyPart(i), files, html);
    } else if (part.getFileName() != null) {
      try (InputStream in = part.getInputStream()) {
        byte[] bytes = in.readAllBytes();
        files.add(new FilePart(part.getFileName(), bytes.length, sha256(bytes)));
      }
    } else if (part.isMimeType("text/html")) {
      html[0] = true;
    }
  }

  /** System flags and keywords, without the session flag \Recent, sorted. */
  static List<String> flags(Flags flags) {
    TreeSet<String> names = new TreeSet<>();
    for (Flags.Flag flag : flags.getSystemFlags()) {
      if (flag == Flags.Flag.ANSWERED) names.add("\\Answered");
      else if (flag == Flags.Flag.DELETED) names.add("\\Deleted");
      else if (flag == Flags.Flag.DRAFT) names.add("\\Draft");
      else if (flag == Flags.Flag.FLAGGED) names.add("\\Flagged");
      else if (flag == Flags.Flag.SEEN) names.add("\\Seen");
    }
    names.addAll(List.of(flags.getUserFlags()));
    return List.copyOf(names);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
