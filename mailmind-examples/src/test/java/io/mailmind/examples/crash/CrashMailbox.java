package io.mailmind.examples.crash;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * GreenMail on a free loopback port holding the crash test's mailbox: {@value #COUNT} messages over INBOX,
 * Archive and Sent, generated the same way every time. Four in five have an HTML body (some with a plain
 * alternative, some with an inline image), most have attachments (random bytes, CSV text, and one payload shared
 * by many messages so that the store deduplicates its blob). {@link #close()} stops the server. Not thread-safe.
 */
final class CrashMailbox implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final String USER = "crash";
  static final String PASSWORD = "crash-secret-4711";
  static final int COUNT = 360;
  static final List<String> FOLDERS = List.of("INBOX", "Archive", "Sent");

  private static final Instant BASE_DATE = Instant.parse("2025-06-01T08:00:00Z");
  private static final byte[] SHARED = randomBytes(new Random(99), 24_000);

  private final GreenMail greenMail;

  private CrashMailbox(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  static CrashMailbox start() throws Exception {
    GreenMail greenMail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP).dynamicPort());
    greenMail.start();
    try {
      GreenMailUser user = greenMail.setUser(USER + "@mailmind.test", USER, PASSWORD);
      ImapHostManager folders = greenMail.getManagers().getImapHostManager();
      for (String name : FOLDERS) {
        if (!name.equals("INBOX")) folders.createMailbox(user, name);
      }
      Session session = Session.getInstance(new Properties());
      for (int i = 0; i < COUNT; i++) {
        String name = folderOf(i);
        MailFolder folder = name.equals("INBOX") ? folders.getInbox(user) : folders.getFolder(user, name, true);
        folder.appendMessage(message(session, i), flags(i), Date.from(BASE_DATE.plusSeconds(3600L * i)));
      }
      return new CrashMailbox(greenMail);
    } catch (Exception | Error e) {
      greenMail.stop();
      throw e;
    }
  }

  int port() {
    return greenMail.getImap().getPort();
  }

  /** The account id Mailmind gives this login by default ({@code user@host}). */
  static String accountId() {
    return USER + "@" + HOST;
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  private static String folderOf(int i) {
    int slot = i % 6;
    return slot < 3 ? "INBOX" : slot < 5 ? "Archive" : "Sent";
  }

  private static Flags flags(int i) {
    Flags flags = new Flags();
    if (i % 3 == 0) flags.add(Flags.Flag.SEEN);
    if (i % 7 == 0) flags.add(Flags.Flag.FLAGGED);
    if (i % 10 == 0) flags.add(Flags.Flag.ANSWERED);
    if (i % 11 == 0) flags.add("$Work");
    return flags;
  }

  private static MimeMessage message(Session session, int i) throws MessagingException {
    Random random = new Random(i);
    MimeMessage message = new FixedIdMessage(session, "<crash-" + i + "@mailmind.test>");
    message.setFrom(new InternetAddress("sender" + (i % 13) + "@example.org"));
    message.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(USER + "@mailmind.test"));
    message.setSubject("Crash test " + i + " – Grüße № " + random.nextInt(1000), "UTF-8");
    message.setSentDate(Date.from(BASE_DATE.plusSeconds(3600L * i - 60)));
    String text = "Message " + i + "\n\n" + "Lorem ipsum dolor sit amet. ".repeat(5 + random.nextInt(40)) + "\n";
    String html = html(i, random);
    switch (i % 5) {
      case 0 -> message.setContent(mixed(alternative(text, html), attachment("data-" + i + ".bin",
          "application/octet-stream", randomBytes(random, 2_000 + random.nextInt(46_000)))));
      case 1 -> message.setContent(mixed(htmlPart(html),
          attachment("report-" + i + ".pdf", "application/pdf", randomBytes(random, 1_000 + random.nextInt(30_000))),
          attachment("table-" + i + ".csv", "text/csv; charset=UTF-8", csv(i, random))));
      case 2 -> {
        MimeBodyPart related = new MimeBodyPart();
        MimeMultipart parts = new MimeMultipart("related", htmlPart(html + "<p><img src=\"cid:logo" + i + "\"></p>"),
            inline("logo-" + i + ".png", "logo" + i, randomBytes(random, 500 + random.nextInt(5_000))));
        related.setContent(parts);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(new MimeMultipart("alternative", textPart(text), related));
        message.setContent(mixed(body, attachment("shared.bin", "application/octet-stream", SHARED)));
      }
      case 3 -> message.setText(text, "UTF-8");
      default -> message.setContent(mixed(textPart(text),
          attachment("shared-" + i + ".bin", "application/octet-stream", SHARED),
          attachment("notes-" + i + ".txt", "text/plain; charset=UTF-8", csv(i, random))));
    }
    message.saveChanges();
    return message;
  }

  private static String html(int i, Random random) {
    StringBuilder html = new StringBuilder("<html><body><h1>Newsletter ").append(i).append("</h1>");
    int paragraphs = 2 + random.nextInt(8);
    for (int p = 0; p < paragraphs; p++) {
      html.append("<p>Paragraph ").append(p).append(" with <b>bold</b>, <i>italic</i> and a <a href=\"https://example.org/")
          .append(i).append('/').append(p).append("\">link</a>. ").append("Zwölf Boxkämpfer jagen Viktor. ".repeat(3))
          .append("</p>");
    }
    html.append("<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>");
    return html.toString();
  }

  private static String csv(int i, Random random) {
    StringBuilder csv = new StringBuilder("row;value\r\n");
    int rows = 10 + random.nextInt(200);
    for (int r = 0; r < rows; r++) csv.append(i).append('-').append(r).append(';').append(random.nextInt()).append("\r\n");
    return csv.toString();
  }

  private static MimeMultipart mixed(MimeBodyPart... parts) throws MessagingException {
    return new MimeMultipart("mixed", parts);
  }

  private static MimeBodyPart alternative(String text, String html) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setContent(new MimeMultipart("alternative", textPart(text), htmlPart(html)));
    return part;
  }

  private static MimeBodyPart textPart(String text) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setText(text, "UTF-8");
    return part;
  }

  private static MimeBodyPart htmlPart(String html) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setText(html, "UTF-8", "html");
    return part;
  }

  private static MimeBodyPart attachment(String filename, String contentType, byte[] bytes) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, contentType)));
    part.setFileName(filename);
    part.setDisposition(MimeBodyPart.ATTACHMENT);
    return part;
  }

  private static MimeBodyPart attachment(String filename, String contentType, String text) throws MessagingException {
    return attachment(filename, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  private static MimeBodyPart inline(String filename, String contentId, byte[] bytes) throws MessagingException {
    MimeBodyPart part = attachment(filename, "image/png", bytes);
    part.setDisposition(MimeBodyPart.INLINE);
    part.setContentID("<" + contentId + ">");
    return part;
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
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
