package io.mailmind.testkit;

import io.mailmind.core.internal.util.Closeables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that forwards bytes to a server (a database, say) and fails on demand the way a network
 * or a restarting server does: {@link #dropAll()} closes every open connection at once, {@link #refuse()} refuses
 * new connections (nothing listens on the port) until {@link #accept()}, and {@link #refuseFor(Duration)} does
 * both after a while. It knows no protocol: unlike {@link FaultProxy} it only moves bytes. Two daemon threads per
 * connection. Thread-safe.
 */
public final class TcpFaultProxy implements AutoCloseable {
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final ProxyListener listener;

  private TcpFaultProxy(InetSocketAddress target) {
    this.listener = new ProxyListener(target, "tcp-fault-proxy", (client, server) -> {
      Link link = new Link(client, server);
      links.add(link);
      link.start();
    });
  }

  /** A proxy on 127.0.0.1 (an ephemeral port) forwarding to {@code host:port}. */
  public static TcpFaultProxy start(String host, int port) {
    return new TcpFaultProxy(new InetSocketAddress(host, port));
  }

  /** The port clients connect to; the same for the proxy's whole life. */
  public int port() {
    return listener.port();
  }

  /** Connections accepted so far. */
  public int accepted() {
    return listener.accepted();
  }

  /** Connections open now. */
  public int open() {
    return links.size();
  }

  /** Whether new connections are accepted now. */
  public boolean accepting() {
    return listener.accepting();
  }

  /** Closes every open connection on both sides at once, as a network failure or a server crash would. */
  public void dropAll() {
    for (Link link : List.copyOf(links)) link.close();
  }

  /** Stops listening: new connections are refused until {@link #accept()}. Open connections are kept. */
  public void refuse() {
    listener.refuse();
  }

  /**
   * Drops nothing, but refuses new connections for {@code duration}, then accepts them again on the same port (on a
   * timer thread; {@link #accepting()} tells when). Combine with {@link #dropAll()} for a server restart.
   */
  public void refuseFor(Duration duration) {
    listener.refuseFor(duration);
  }

  /** Listens again on the same port after {@link #refuse()}. */
  public void accept() {
    listener.accept();
  }

  @Override
  public void close() {
    listener.close();
    dropAll();
  }

  /** One proxied connection: a pump per direction. */
  private final class Link {
    private final Socket client;
    private final Socket server;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      ProxyListener.daemon("tcp-fault-proxy-up-" + client.getPort(), () -> pump(client, server));
      ProxyListener.daemon("tcp-fault-proxy-down-" + client.getPort(), () -> pump(server, client));
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        close();
      }
    }

    void close() {
      links.remove(this);
      Closeables.closeQuietly(client);
      Closeables.closeQuietly(server);
    }
  }
}
