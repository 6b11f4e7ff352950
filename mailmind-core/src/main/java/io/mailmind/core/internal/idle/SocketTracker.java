package io.mailmind.core.internal.idle;

import io.mailmind.core.Security;
import io.mailmind.core.internal.imap.GuardedSockets;
import io.mailmind.core.internal.imap.ResponseGuard;
import io.mailmind.core.internal.imap.SocketFactories;
import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * Keeps hold of the TCP sockets Angus Mail opens for one IDLE connection, so that the supervisor can do what Angus
 * does not offer: change the read timeout while IDLE runs, and close the connection from another thread even when
 * the IDLE thread is blocked in a read (closing the socket ends the read at once; Angus' own close would wait for
 * the protocol lock the reading thread holds). Installed into the Jakarta Mail session properties as the socket
 * factory; for TLS (implicit or STARTTLS) as a layering SSL factory that records the plain socket under the TLS
 * one. The sockets are made by {@link GuardedSockets}: what the server sends is read through the connection's
 * {@link ResponseGuard}, as on the engine's own connections.
 *
 * <p>Thread-safe. After {@link #abort()} every socket still to be created is refused, so a connect racing with a
 * stop fails fast instead of outliving it.
 */
final class SocketTracker {
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;

  /**
   * Makes the session of {@code protocol} create its sockets through this tracker, reading through {@code guard}.
   * The session keeps the write timeout scheduler {@link io.mailmind.core.internal.imap.ImapSessions} gave it,
   * shared with the engine's connections.
   */
  void install(Properties props, String protocol, Security security, ResponseGuard guard) {
    String p = "mail." + protocol + ".";
    SSLSocketFactory tls = GuardedSockets.configuredTls(props, protocol);
    props.put(p + "socketFactory", new Plain(GuardedSockets.plain(guard)));
    // Without this, a failing factory makes Angus silently retry with a socket of its own that we would not see.
    props.setProperty(p + "socketFactory.fallback", "false");
    if (security != Security.PLAIN) props.put(p + "ssl.socketFactory", new Layering(GuardedSockets.layering(tls, guard)));
  }

  /** Sets the read timeout of every open socket; 0 means none. */
  void readTimeout(int millis) throws SocketException {
    for (Socket socket : sockets) {
      if (!socket.isClosed()) socket.setSoTimeout(millis);
    }
  }

  /** Open sockets: how tests and the scale benchmark see that a stopped watcher leaves none. */
  int open() {
    int open = 0;
    for (Socket socket : sockets) if (!socket.isClosed()) open++;
    return open;
  }

  /** Closes every socket now, from any thread, and refuses new ones. Never blocks on the IMAP layer. */
  void abort() {
    aborted = true;
    for (Socket socket : List.copyOf(sockets)) Closeables.closeQuietly(socket);
  }

  private Socket track(Socket socket) throws IOException {
    sockets.removeIf(Socket::isClosed);
    sockets.add(socket);
    if (aborted) {
      Closeables.closeQuietly(socket);
      throw new SocketException("connection aborted: the account is no longer followed");
    }
    return socket;
  }

  /** The plain factory: Angus asks it for an unconnected socket and connects it itself. */
  private final class Plain extends SocketFactories.Connecting {
    private final SocketFactories.Connecting guarded;

    Plain(SocketFactories.Connecting guarded) {
      this.guarded = guarded;
    }

    @Override
    public Socket createSocket() throws IOException {
      return track(guarded.createSocket());
    }
  }

  /**
   * For TLS: Angus connects a plain socket and asks this factory to layer TLS over it; the plain socket is
   * recorded (its timeout governs the reads of the TLS socket, and closing it ends them), the TLS socket comes from
   * the guarded layering over the configured factory, so trust settings are unchanged.
   */
  private final class Layering extends SocketFactories.Wrapping {
    Layering(SSLSocketFactory guarded) {
      super(guarded);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
      track(plain);
      return delegate.createSocket(plain, host, port, autoClose);
    }

    @Override
    protected Socket wrap(Socket socket) throws IOException {
      return track(socket);
    }
  }
}
