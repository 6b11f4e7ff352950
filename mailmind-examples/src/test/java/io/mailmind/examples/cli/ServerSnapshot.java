package io.mailmind.examples.cli;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * What an IMAP server holds, read independently of Mailmind with a plain Jakarta Mail client: every message of
 * every selectable folder with the fields the export must reproduce.
 */
final class ServerSnapshot {
  /** One message as the server has it. */
  record ServerMessage(String imapFolder, long uidValidity, long uid, String messageId, String subject,
      List<String> from, List<String> flags, long size, String date, String internalDate,
      List<String> attachments) {}

  private ServerSnapshot() {}

  static List<ServerMessage> read(String host, int port, String user, String password) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("mail.imap.connectiontimeout", "10000");
    properties.setProperty("mail.imap.timeout", "30000");
    properties.setProperty("mail.imap.peek", "true"); // BODY.PEEK[]: reading must not set \Seen
    Store store = Session.getInstance(properties).getStore("imap");
    store.connect(host, port, user, password);
    try {
      List<ServerMessage> messages = new ArrayList<>();
      for (Folder folder : store.getDefaultFolder().list("*")) {
        if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) continue;
        folder.open(Folder.READ_ONLY);
        try {
          UIDFolder uids = (UIDFolder) folder;
          String name = folder.getFullName().replace(folder.getSeparator(), '/');
          if (name.equalsIgnoreCase("INBOX")) name = "INBOX";
          for (Message message : folder.getMessages()) {
            messages.add(describe(name, uids.getUIDValidity(), uids.getUID(message), (MimeMessage) message));
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

  private static ServerMessage describe(String folder, long uidValidity, long uid, MimeMessage message)
      throws MessagingException, IOException {
    List<String> flags = flags(message.getFlags());
    List<String> from = new ArrayList<>();
    if (message.getFrom() != null) {
      for (var address : message.getFrom()) from.add(((InternetAddress) address).getAddress());
    }
    Instant internal = message.getReceivedDate().toInstant().truncatedTo(ChronoUnit.SECONDS);
    Instant sent = message.getSentDate() == null ? internal : message.getSentDate().toInstant();
    String messageId = message.getHeader("Message-ID", null);
    List<String> attachments = new ArrayList<>();
    // parse the whole message locally: the server's BODYSTRUCTURE is not what is being checked
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    message.writeTo(raw);
    collectAttachments(new MimeMessage(Session.getInstance(new Properties()),
        new java.io.ByteArrayInputStream(raw.toByteArray())), attachments);
    return new ServerMessage(folder, uidValidity, uid, messageId == null ? null : messageId.trim(),
        message.getSubject() == null ? "" : message.getSubject(), from, flags, message.getSize(),
        sent.truncatedTo(ChronoUnit.SECONDS).toString(), internal.toString(), attachments);
  }

  private static List<String> flags(Flags flags) {
    List<String> names = new ArrayList<>();
    for (Flags.Flag flag : flags.getSystemFlags()) {
      if (flag == Flags.Flag.ANSWERED) names.add("\\Answered");
      else if (flag == Flags.Flag.DELETED) names.add("\\Deleted");
      else if (flag == Flags.Flag.DRAFT) names.add("\\Draft");
      else if (flag == Flags.Flag.FLAGGED) names.add("\\Flagged");
      else if (flag == Flags.Flag.SEEN) names.add("\\Seen");
    }
    names.addAll(List.of(flags.getUserFlags()));
    return MessageJson.flagOrder(names);
  }

  /** "filename sha256" of every part with Content-Disposition: attachment. */
  private static void collectAttachments(Part part, List<String> out) throws MessagingException, IOException {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) collectAttachments(multipart.getBodyPart(i), out);
    } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      try (InputStream in = part.getInputStream()) {
        out.add(part.getFileName() + " " + sha256(in.readAllBytes()));
      }
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
