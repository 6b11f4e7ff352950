package io.mailmind.core.internal.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The two kinds of socket factory the engine gives Angus Mail to see its sockets (the response guard of command
 * connections, the IDLE supervisor's socket tracker): a plain one that makes each socket and connects it, and a TLS
 * one that wraps what the configured factory makes, so trust settings are unchanged.
 */
public final class SocketFactories {
  private SocketFactories() {}

  /** Makes an unconnected socket ({@link #createSocket()}) and connects it for every other variant. */
  public abstract static class Connecting extends SocketFactory {
    @Override
    public abstract Socket createSocket() throws IOException;

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return connect(createSocket(), new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return connect(createSocket(), new InetSocketAddress(address, port),
          new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connect(Socket socket, InetSocketAddress remote, InetSocketAddress local) throws IOException {
      if (local != null) socket.bind(local);
      socket.connect(remote);
      return socket;
    }
  }

  /** Passes every socket the configured TLS factory makes through {@link #wrap}. */
  public abstract static class Wrapping extends SSLSocketFactory {
    protected final SSLSocketFactory delegate;

    protected Wrapping(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    /** What the factory returns for a socket the configured factory made. */
    protected abstract Socket wrap(Socket socket) throws IOException;

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return wrap(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return wrap(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return wrap(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return wrap(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return wrap(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
