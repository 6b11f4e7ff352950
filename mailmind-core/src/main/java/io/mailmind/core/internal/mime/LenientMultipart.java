package io.mailmind.core.internal.mime;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;

/**
 * Jakarta Mail's multipart parser with every leniency switched on, whatever the system properties say:
 * a missing end boundary ends the last part at the end of the content, a missing boundary parameter means the
 * first line starting with {@code --} is the boundary, and a multipart without any boundary line has no parts.
 * Parts split from a shared stream are {@link RangePart}s whose headers {@link HeaderBlock} reads: Jakarta
 * Mail 2.1 looks its stream provider up through {@link java.util.ServiceLoader} for every
 * {@code InternetHeaders} it parses (about 0.1 ms each), and our header reading is the lenient one anyway.
 */
final class LenientMultipart extends MimeMultipart {

  LenientMultipart(DataSource source) throws MessagingException {
    super(source);
  }

  @Override
  protected void initializeProperties() {
    ignoreMissingEndBoundary = true;
    ignoreMissingBoundaryParameter = true;
    ignoreExistingBoundaryParameter = false;
    allowEmpty = true;
  }

  @Override
  protected MimeBodyPart createMimeBodyPart(InputStream in) throws MessagingException {
    if (!(in instanceof SourceInputStream range)) return super.createMimeBodyPart(in);
    try {
      HeaderBlock headers = HeaderBlock.read(range);
      return new RangePart(headers, (SourceInputStream) range.newStream(headers.bodyStart(), -1));
    } catch (IOException e) {
      throw new MessagingException("part unreadable: " + e.getMessage(), e);
    }
  }

  /** A body part that is a byte range of the message, with headers read by {@link HeaderBlock}. */
  static final class RangePart extends MimeBodyPart {
    private final HeaderBlock headers;
    private final SourceInputStream content;

    RangePart(HeaderBlock headers, SourceInputStream content) {
      this.headers = headers;
      this.content = content;
    }

    HeaderBlock headerBlock() {
      return headers;
    }

    /** A fresh stream over the (transfer-encoded) content. */
    SourceInputStream content() {
      return (SourceInputStream) content.newStream(0, -1);
    }
  }
}
