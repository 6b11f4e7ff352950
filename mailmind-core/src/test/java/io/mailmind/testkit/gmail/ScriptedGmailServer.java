package io.mailmind.testkit.gmail;

import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Gmail IMAP server for tests: plain TCP on 127.0.0.1 (a free port), one thread per connection, serving a
 * {@link GmailModel} the way Gmail documents its IMAP extensions (CAPABILITY with X-GM-EXT-1; LIST with the
 * SPECIAL-USE attributes {@code \All}, {@code \Junk}, {@code \Trash}, {@code \Sent}, {@code \Drafts},
 * {@code \Important}, {@code \Flagged}; FETCH items X-GM-MSGID, X-GM-THRID and X-GM-LABELS).
 *
 * <p>It speaks exactly what Mailmind's engine sends: CAPABILITY, LOGIN, LIST, STATUS, ENABLE, EXAMINE, SELECT,
 * FETCH, UID FETCH (items UID, FLAGS, INTERNALDATE, RFC822.SIZE, MODSEQ, the X-GM items, BODY[]/BODY.PEEK[] (also
 * partial: {@code <origin.count>}) and BODY.PEEK[HEADER.FIELDS (...)]; the CHANGEDSINCE modifier), IDLE (new
 * messages only), NOOP, CLOSE, UNSELECT,
 * NAMESPACE, ID, LOGOUT; with CONDSTORE unless {@link #condstore(boolean)} turns it off. Anything else is answered BAD,
 * logged, and kept in {@link #unsupported()}, so a test shows the gap instead of hanging. Every command is
 * recorded (LOGIN without its password) in {@link #commands()}.
 *
 * <p>Use in a try-with-resources or close it in {@code @AfterEach}. Thread-safe.
 */
public final class ScriptedGmailServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptedGmailServer.class);

  /** How X-GM-LABELS writes system labels. */
  public enum LabelStyle {
    /** {@code ("\\Important" "\\Inbox" Work)}: quoted with an escaped backslash, as Gmail sends them today. */
    QUOTED,
    /** {@code (\Important \Inbox Work)}: bare, as in the examples of Google's extension page. */
    ATOMS
  }

  private final GmailModel model;
  private final String user;
  private final String password;
  private final ServerSocket socket;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> unsupported = new CopyOnWriteArrayList<>();
  private volatile LabelStyle labelStyle = LabelStyle.QUOTED;
  private volatile boolean condstore = true;
  private volatile boolean closed;

  private ScriptedGmailServer(GmailModel model, String user, String password) throws IOException {
    this.model = model;
    this.user = user;
    this.password = password;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "scripted-gmail-accept-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server for this model that accepts only this user and password. */
  public static ScriptedGmailServer start(GmailModel model, String user, String password) throws IOException {
    return new ScriptedGmailServer(model, user, password);
  }

  public int port() {
    return socket.getLocalPort();
  }

  public GmailModel model() {
    return model;
  }

  public void labelStyle(LabelStyle style) {
    this.labelStyle = style;
  }

  LabelStyle labelStyle() {
    return labelStyle;
  }

  /**
   * Whether to announce and speak CONDSTORE (ENABLE, EXAMINE (CONDSTORE), STATUS HIGHESTMODSEQ, CHANGEDSINCE,
   * MODSEQ), as Gmail does; on by default. Set it before the first connection.
   */
  public void condstore(boolean on) {
    this.condstore = on;
  }

  boolean condstore() {
    return condstore;
  }

  /** Every command received so far, without tags, in arrival order over all connections. */
  public List<String> commands() {
    return new ArrayList<>(commands);
  }

  /** Forgets the commands received so far (for example between two syncs). */
  public void clearCommands() {
    commands.clear();
  }

  /** The commands answered BAD because this server does not implement them. */
  public List<String> unsupported() {
    return new ArrayList<>(unsupported);
  }

  boolean checkLogin(String givenUser, String givenPassword) {
    return user.equals(givenUser) && password.equals(givenPassword);
  }

  void record(String command) {
    commands.add(command);
  }

  void recordUnsupported(String command) {
    LOG.warn("scripted Gmail server: unsupported command '{}' answered BAD", command);
    unsupported.add(command);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connections.add(connection);
        Thread thread = new Thread(() -> {
          try {
            new GmailSession(this, connection).run();
          } finally {
            connections.remove(connection);
          }
        }, "scripted-gmail-" + connection.getPort());
        thread.setDaemon(true);
        thread.start();
      } catch (SocketException e) {
        if (!closed) LOG.warn("scripted Gmail server: accept failed", e);
        return;
      } catch (IOException e) {
        if (!closed) LOG.warn("scripted Gmail server: accept failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Closeables.closeQuietly(socket);
    for (Socket connection : connections) Closeables.closeQuietly(connection);
  }
}
