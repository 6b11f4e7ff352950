package io.mailmind.examples.cli;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Builds one sample message: headers, a plain and/or HTML body, inline images and attachments, with the
 * Message-ID it is given (Jakarta Mail would otherwise invent one). Not thread-safe; one per message.
 */
final class SampleMessageBuilder {
  /** A person: display name (may be non-ASCII) and address. */
  record Person(String name, String address) {
    InternetAddress internet() {
      try {
        return new InternetAddress(address, name, "UTF-8");
      } catch (UnsupportedEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A file part: name, MIME type, bytes; inline parts carry a Content-ID. */
  record Part(String filename, String contentType, byte[] bytes, String contentId) {
    static Part attachment(String filename, String contentType, byte[] bytes) {
      return new Part(filename, contentType, bytes, null);
    }

    /** A text file; its line ends are CRLF, as MIME (and iCalendar) require of text on the wire. */
    static Part attachment(String filename, String contentType, String text) {
      String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
      return new Part(filename, contentType + "; charset=UTF-8", crlf.getBytes(StandardCharsets.UTF_8), null);
    }

    static Part inlineImage(String filename, String contentId, byte[] png) {
      return new Part(filename, "image/png", png, contentId);
    }
  }

  private final Session session;
  private final String messageId;
  private Person from;
  private final List<Person> to = new ArrayList<>();
  private final List<Person> cc = new ArrayList<>();
  private String subject = "";
  private ZonedDateTime date;
  private String inReplyTo;
  private final List<String> references = new ArrayList<>();
  private String text;
  private String html;
  private final List<Part> inline = new ArrayList<>();
  private final List<Part> attachments = new ArrayList<>();
  private String listId;

  SampleMessageBuilder(Session session, String messageId) {
    this.session = session;
    this.messageId = messageId;
  }

  SampleMessageBuilder from(Person person) {
    this.from = person;
    return this;
  }

  SampleMessageBuilder to(Person... people) {
    to.addAll(List.of(people));
    return this;
  }

  SampleMessageBuilder cc(Person... people) {
    cc.addAll(List.of(people));
    return this;
  }

  SampleMessageBuilder subject(String subject) {
    this.subject = subject;
    return this;
  }

  SampleMessageBuilder date(ZonedDateTime date) {
    this.date = date;
    return this;
  }

  /** Makes this a reply: In-Reply-To the parent, References the parent's references plus the parent. */
  SampleMessageBuilder replyTo(String parentId, List<String> parentReferences) {
    this.inReplyTo = parentId;
    references.addAll(parentReferences);
    references.add(parentId);
    return this;
  }

  SampleMessageBuilder text(String text) {
    this.text = text;
    return this;
  }

  SampleMessageBuilder html(String html) {
    this.html = html;
    return this;
  }

  SampleMessageBuilder inline(Part part) {
    inline.add(part);
    return this;
  }

  SampleMessageBuilder attach(Part part) {
    attachments.add(part);
    return this;
  }

  SampleMessageBuilder listId(String listId) {
    this.listId = listId;
    return this;
  }

  List<String> references() {
    return List.copyOf(references);
  }

  MimeMessage build() {
    try {
      MimeMessage message = new FixedIdMessage(session, messageId);
      if (from != null) message.setFrom(from.internet());
      for (Person person : to) message.addRecipient(MimeMessage.RecipientType.TO, person.internet());
      for (Person person : cc) message.addRecipient(MimeMessage.RecipientType.CC, person.internet());
      if (subject != null) message.setSubject(subject, "UTF-8");
      if (date != null) message.setSentDate(Date.from(date.toInstant()));
      if (inReplyTo != null) message.setHeader("In-Reply-To", inReplyTo);
      if (!references.isEmpty()) message.setHeader("References", String.join(" ", references));
      if (listId != null) message.setHeader("List-Id", listId);
      if (attachments.isEmpty()) {
        fillBody(message);
      } else {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        fillBody(body);
        mixed.addBodyPart(body);
        for (Part part : attachments) mixed.addBodyPart(filePart(part, false));
        message.setContent(mixed);
      }
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot build sample message " + messageId, e);
    }
  }

  /** Plain text, HTML (with inline images in multipart/related), or both as multipart/alternative. */
  private void fillBody(MimePart target) throws MessagingException {
    if (html == null) {
      target.setText(text == null ? "" : text, "UTF-8");
      return;
    }
    MimeBodyPart htmlPart = new MimeBodyPart();
    htmlPart.setText(html, "UTF-8", "html");
    MimeMultipart related = null;
    if (!inline.isEmpty()) {
      related = new MimeMultipart("related");
      related.addBodyPart(htmlPart);
      for (Part part : inline) related.addBodyPart(filePart(part, true));
    }
    if (text == null) {
      if (related != null) target.setContent(related); else target.setText(html, "UTF-8", "html");
      return;
    }
    MimeBodyPart plainPart = new MimeBodyPart();
    plainPart.setText(text, "UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(plainPart);
    if (related != null) {
      MimeBodyPart relatedPart = new MimeBodyPart();
      relatedPart.setContent(related);
      alternative.addBodyPart(relatedPart);
    } else {
      alternative.addBodyPart(htmlPart);
    }
    target.setContent(alternative);
  }

  private static MimeBodyPart filePart(Part file, boolean inline) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.bytes(), file.contentType())));
    part.setFileName(file.filename());
    part.setDisposition(inline ? MimeBodyPart.INLINE : MimeBodyPart.ATTACHMENT);
    if (file.contentId() != null) part.setContentID("<" + file.contentId() + ">");
    return part;
  }

  /** A message that keeps the Message-ID it was given instead of generating one on save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
