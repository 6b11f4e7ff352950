package io.mailmind.core.internal.mime;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Feeds a multipart node to {@link LenientMultipart}: the content (transfer-decoded only in the rare case a
 * multipart claims an encoding) and a content type rebuilt from what we parsed, so Jakarta Mail never has to
 * parse a broken header itself.
 */
final class NodeDataSource implements DataSource {
  private final MimeNode node;
  private final TransferEncoding encoding;
  private final String contentType;

  NodeDataSource(MimeNode node, TransferEncoding encoding, String subtype, String boundary) {
    this.node = node;
    this.encoding = encoding;
    this.contentType = "multipart/" + subtype + (boundary == null || boundary.isEmpty() ? "" : "; boundary=" + quote(boundary));
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') out.append('\\');
      out.append(c);
    }
    return out.append('"').toString();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return encoding.decode(node.raw());
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public String getName() {
    return "part";
  }
}
