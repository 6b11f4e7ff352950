package io.mailmind.core.internal.mime;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;

/**
 * Jakarta Mail's multipart parser with every leniency switched on, whatever the system properties say:
 * a missing end boundary ends the last part at the end of the content, a missing boundary parameter means the
 * first line starting with {@code --} is the boundary, and a multipart without any boundary line has no parts.
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
}
