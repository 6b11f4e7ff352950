package io.mailmind.core.internal.imap;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.util.Properties;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Angus Mail's {@link IMAPStore} whose connections also parse Gmail's FETCH items ({@link GmailFetchItems}).
 * Used for every server: the items are only parsed when a server sends them, so nothing changes elsewhere.
 *
 * <p>Why not Angus Mail's own {@code gimap} provider: it is a separate artifact, and its store always uses TLS,
 * so it could not talk to a plain test server; Mailmind needs only the three FETCH items, read by its own raw
 * {@code UID FETCH} commands. Thread-safety as {@link IMAPStore}.
 */
public final class GmailImapStore extends IMAPStore {

  private GmailImapStore(Session session, String protocol) {
    super(session, new URLName(protocol, null, -1, null, null, null), protocol, "imaps".equals(protocol));
  }

  /**
   * A new, unconnected store.
   *
   * @param protocol {@code imap} or {@code imaps}, as the session's properties are named
   */
  public static IMAPStore create(Session session, String protocol) {
    return new GmailImapStore(session, protocol);
  }

  @Override
  protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
    return new Protocol(name, host, port, session.getProperties(), isSSL, logger);
  }

  /** IMAPProtocol with the Gmail fetch items added to whatever the base protocol registers. */
  private static final class Protocol extends IMAPProtocol {
    private FetchItem[] items;

    Protocol(String name, String host, int port, Properties props, boolean ssl, MailLogger logger)
        throws IOException, ProtocolException {
      super(name, host, port, props, ssl, logger);
    }

    @Override
    public FetchItem[] getFetchItems() {
      FetchItem[] current = items;
      if (current == null) {
        FetchItem[] base = super.getFetchItems();
        current = new FetchItem[base.length + GmailFetchItems.ITEMS.length];
        System.arraycopy(base, 0, current, 0, base.length);
        System.arraycopy(GmailFetchItems.ITEMS, 0, current, base.length, GmailFetchItems.ITEMS.length);
        items = current;
      }
      return current;
    }
  }
}
