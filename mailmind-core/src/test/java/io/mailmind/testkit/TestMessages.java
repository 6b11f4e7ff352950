package io.mailmind.testkit;

import io.mailmind.core.model.Attachment;
import io.mailmind.core.model.Blob;
import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.EmailAddress;
import io.mailmind.core.model.FolderId;
import io.mailmind.core.model.MessageContent;
import io.mailmind.core.model.MessageHeaders;
import io.mailmind.core.model.MessageKey;
import io.mailmind.core.model.MessageMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builders for the records a {@link io.mailmind.core.spi.MailStore} stores, with plausible defaults, plus
 * attachment helpers (SHA-256, generated blobs that are never held in memory).
 *
 * <p>Builders are not thread-safe; the records they build are.
 */
public final class TestMessages {
  public static final String ACCOUNT = "alice@example.org";
  public static final FolderId INBOX = new FolderId(ACCOUNT, "INBOX");
  /** Base of the default dates: 2024-03-01T09:00:00Z; message {@code uid} is dated {@code uid} hours later. */
  public static final Instant BASE_DATE = Instant.parse("2024-03-01T09:00:00Z");

  private TestMessages() {}

  public static MessageKey key(long uid) {
    return new MessageKey(INBOX, 7, uid);
  }

  public static MessageKey key(FolderId folder, long uidValidity, long uid) {
    return new MessageKey(folder, uidValidity, uid);
  }

  /** A message builder with defaults derived from the key. */
  public static Message message(MessageKey key) {
    return new Message(key);
  }

  /** Default metadata of a key. */
  public static MessageMetadata metadata(MessageKey key) {
    return message(key).metadata();
  }

  public static EmailAddress address(String name, String address) {
    return new EmailAddress(name, address);
  }

  /** An attachment over the given bytes, with its size and SHA-256. */
  public static Attachment attachment(String filename, String contentType, byte[] bytes) {
    return new Attachment(filename, contentType, bytes.length, sha256(bytes), false, null, Blob.of(bytes));
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** The SHA-256 of a blob, read as a stream. */
  public static String sha256(Blob blob) {
    MessageDigest digest = digest();
    try (InputStream in = new DigestInputStream(blob.openStream(), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** How many bytes a stream of the blob yields. */
  public static long length(Blob blob) {
    try (InputStream in = blob.openStream()) {
      return in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A blob of {@code size} pseudo-random bytes computed on the fly from {@code seed}: the bytes are never held
   * in memory, so it can stand for attachments larger than the heap.
   */
  public static Blob generated(long size, long seed) {
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openStream() {
        return new GeneratedInputStream(size, seed);
      }

      @Override
      public String toString() {
        return "GeneratedBlob[" + size + " bytes, seed " + seed + "]";
      }
    };
  }

  /** An attachment over a {@link #generated} blob (its SHA-256 is computed by streaming it once). */
  public static Attachment generatedAttachment(String filename, long size, long seed) {
    Blob blob = generated(size, seed);
    return new Attachment(filename, "application/octet-stream", size, sha256(blob), false, null, blob);
  }

  /** A string of about {@code chars} UTF-16 units mixing ASCII, accented letters and 4-byte emoji. */
  public static String largeText(int chars) {
    StringBuilder sb = new StringBuilder(chars + 64);
    int line = 0;
    while (sb.length() < chars) {
      sb.append("Line ").append(line++).append(": Grüße aus Köln, naïve café 😀 🎉 — lorem ipsum dolor sit amet.\n");
    }
    return sb.toString();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a message's metadata and content; every setter returns this. */
  public static final class Message {
    private final MessageKey key;
    private String folder;
    private String messageId;
    private String inReplyTo;
    private List<String> references = List.of();
    private List<EmailAddress> from;
    private List<EmailAddress> to;
    private List<EmailAddress> cc = List.of();
    private List<EmailAddress> bcc = List.of();
    private List<EmailAddress> replyTo = List.of();
    private String subject;
    private Instant date;
    private Instant internalDate;
    private String threadId;
    private List<String> flags = List.of("\\Seen");
    private List<String> labels = List.of();
    private long size;
    private Long gmMsgId;
    private Long gmThrId;
    private String rawHeaders;
    private String text;
    private String html;
    private String newText;
    private final List<Attachment> attachments = new ArrayList<>();
    private ContentState state = ContentState.COMPLETE;
    private String error;

    Message(MessageKey key) {
      this.key = key;
      long uid = key.uid();
      this.folder = "INBOX".equals(key.folder().imapFolder()) ? "Inbox" : key.folder().imapFolder();
      this.messageId = "<" + uid + "." + key.uidValidity() + "." + key.folder().imapFolder().replace('/', '.')
          + "@example.org>";
      this.from = List.of(new EmailAddress("Bob Sender", "bob@example.org"));
      this.to = List.of(new EmailAddress(null, key.folder().accountId()));
      this.subject = "Message " + uid;
      this.date = BASE_DATE.plusSeconds(3600 * uid);
      this.internalDate = date.plusSeconds(2);
      this.threadId = "thread-" + uid;
      this.size = 1000 + uid;
      this.rawHeaders = "Message-ID: " + messageId + "\r\nSubject: " + subject + "\r\n";
      this.text = "Body of message " + uid;
    }

    public Message folder(String logicalName) { this.folder = logicalName; return this; }
    public Message messageId(String value) { this.messageId = value; return this; }
    public Message inReplyTo(String value) { this.inReplyTo = value; return this; }
    public Message references(List<String> value) { this.references = value; return this; }
    public Message from(EmailAddress... value) { this.from = List.of(value); return this; }
    public Message to(EmailAddress... value) { this.to = List.of(value); return this; }
    public Message cc(EmailAddress... value) { this.cc = List.of(value); return this; }
    public Message bcc(EmailAddress... value) { this.bcc = List.of(value); return this; }
    public Message replyTo(EmailAddress... value) { this.replyTo = List.of(value); return this; }
    public Message subject(String value) { this.subject = value; return this; }
    public Message date(Instant value) { this.date = value; return this; }
    public Message internalDate(Instant value) { this.internalDate = value; return this; }
    public Message threadId(String value) { this.threadId = value; return this; }
    public Message flags(String... value) { this.flags = List.of(value); return this; }
    public Message labels(String... value) { this.labels = List.of(value); return this; }
    public Message size(long value) { this.size = value; return this; }
    public Message gmail(Long msgId, Long thrId) { this.gmMsgId = msgId; this.gmThrId = thrId; return this; }
    public Message rawHeaders(String value) { this.rawHeaders = value; return this; }
    public Message text(String value) { this.text = value; return this; }
    public Message html(String value) { this.html = value; return this; }
    /** The new text stored with the content (the engine sets it for a body without HTML). */
    public Message newText(String value) { this.newText = value; return this; }
    public Message attachment(Attachment value) { this.attachments.add(value); return this; }
    public Message error(String value) { this.state = ContentState.ERROR; this.error = value; return this; }

    public MessageKey key() {
      return key;
    }

    public MessageHeaders headers() {
      return new MessageHeaders(messageId, inReplyTo, references, from, to, cc, bcc, replyTo, subject, date);
    }

    public MessageMetadata metadata() {
      return new MessageMetadata(key, folder, headers(), threadId, internalDate, flags, labels, size, gmMsgId, gmThrId);
    }

    public MessageContent content() {
      return new MessageContent(key, headers(), threadId, rawHeaders, text, html, newText, attachments, state, error);
    }
  }

  /** Generates {@code size} bytes from a xorshift sequence, a few bytes at a time. */
  private static final class GeneratedInputStream extends InputStream {
    private long remaining;
    private long state;

    GeneratedInputStream(long size, long seed) {
      this.remaining = size;
      this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    private int nextByte() {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      return (int) (state & 0xFF);
    }

    @Override
    public int read() {
      if (remaining <= 0) return -1;
      remaining--;
      return nextByte();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) return 0;
      if (remaining <= 0) return -1;
      int n = (int) Math.min(length, remaining);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) nextByte();
      }
      remaining -= n;
      return n;
    }
  }
}
