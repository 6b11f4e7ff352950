package io.mailmind.core.internal.mime;

import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** STAND-IN until the mapper lands. */
public final class MessageMapper {
  private final Session session = Session.getInstance(new Properties());

  public MessageHeaders parseHeaders(byte[] headerBlock) {
    try {
      MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(concat(headerBlock)));
      return headers(m);
    } catch (Exception e) {
      return MessageHeaders.EMPTY;
    }
  }

  private static byte[] concat(byte[] h) {
    byte[] out = new byte[h.length + 2];
    System.arraycopy(h, 0, out, 0, h.length);
    out[h.length] = '\r';
    out[h.length + 1] = '\n';
    return out;
  }

  private MessageHeaders headers(MimeMessage m) throws Exception {
    return new MessageHeaders(m.getMessageID(), m.getHeader("In-Reply-To", null), List.of(),
        addrs(m.getFrom()), addrs(m.getRecipients(Message.RecipientType.TO)),
        addrs(m.getRecipients(Message.RecipientType.CC)), List.of(), List.of(), m.getSubject(),
        m.getSentDate() == null ? null : m.getSentDate().toInstant());
  }

  private static List<EmailAddress> addrs(Address[] a) {
    List<EmailAddress> out = new ArrayList<>();
    if (a != null) for (Address x : a) {
      InternetAddress ia = (InternetAddress) x;
      out.add(new EmailAddress(ia.getPersonal(), ia.getAddress() == null ? "" : ia.getAddress()));
    }
    return out;
  }

  public MessageContent map(MessageKey key, RawMessage raw) {
    try {
      MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw.bytes));
      MessageHeaders h = headers(m);
      Object c = m.getContent();
      String text = c instanceof String s && m.isMimeType("text/plain") ? s : null;
      String html = c instanceof String s && m.isMimeType("text/html") ? s : null;
      return new MessageContent(key, h, ThreadIds.threadId(h), null, text, html, List.of(), ContentState.COMPLETE, null);
    } catch (Exception e) {
      return new MessageContent(key, MessageHeaders.EMPTY, "x", null, null, null, List.of(), ContentState.ERROR,
          e.toString());
    }
  }
}
