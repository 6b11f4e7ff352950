package io.mailmind.core.internal.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.Properties;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that make every socket of one connection read through its {@link ResponseGuard}: a plain
 * factory (Angus asks it for an unconnected socket and connects it) and, for implicit TLS and STARTTLS, a layering
 * factory that puts TLS over the plain socket with the configured factory and checks the decrypted stream. The
 * Jakarta Mail properties they are installed into say not to fall back to Angus' own sockets when one fails: that
 * fallback would also hide the first error (a TLS handshake failure) behind a second one.
 */
public final class GuardedSockets {
  private GuardedSockets() {}

  /** Makes the session of {@code protocol} create its sockets through {@code guard}. */
  static void install(Properties props, String protocol, boolean tls, ResponseGuard guard) {
    String p = "mail." + protocol + ".";
    props.put(p + "socketFactory", plain(guard));
    props.setProperty(p + "socketFactory.fallback", "false");
    if (tls) props.put(p + "ssl.socketFactory", layering(configuredTls(props, protocol), guard));
  }

  /** The TLS factory configured in the session properties (trust settings), else the default one. */
  public static SSLSocketFactory configuredTls(Properties props, String protocol) {
    Object configured = props.get("mail." + protocol + ".ssl.socketFactory");
    return configured instanceof SSLSocketFactory ssl ? ssl : (SSLSocketFactory) SSLSocketFactory.getDefault();
  }

  /** The plain factory whose sockets read through {@code guard}. */
  public static SocketFactories.Connecting plain(ResponseGuard guard) {
    return new Plain(guard);
  }

  /** The factory that layers TLS (implicit or STARTTLS) over a plain socket with {@code delegate}, guarded. */
  public static SSLSocketFactory layering(SSLSocketFactory delegate, ResponseGuard guard) {
    return new Layering(delegate, guard);
  }

  /** A plain socket whose input is guarded. */
  private static final class GuardedSocket extends Socket {
    private final ResponseGuard guard;
    private GuardedInputStream input;

    GuardedSocket(ResponseGuard guard) {
      this.guard = guard;
      guard.register(this);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) input = new GuardedInputStream(super.getInputStream(), guard, this);
      return input;
    }
  }

  private static final class Plain extends SocketFactories.Connecting {
    private final ResponseGuard guard;

    Plain(ResponseGuard guard) {
      this.guard = guard;
    }

    @Override
    public Socket createSocket() {
      return new GuardedSocket(guard);
    }
  }

  /** Layers TLS over a connected plain socket with the configured factory, so trust settings are unchanged. */
  private static final class Layering extends SocketFactories.Wrapping {
    private final ResponseGuard guard;

    Layering(SSLSocketFactory delegate, ResponseGuard guard) {
      super(delegate);
      this.guard = guard;
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
      guard.register(plain);
      guard.layered(plain.getLocalPort());
      return wrap(delegate.createSocket(plain, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      throw new SocketException("unconnected TLS sockets are not used");
    }

    @Override
    protected Socket wrap(Socket socket) {
      return new GuardedSslSocket((SSLSocket) socket, guard);
    }
  }

  /** A TLS socket whose decrypted input is guarded; everything else goes to the real TLS socket. */
  private static final class GuardedSslSocket extends SSLSocket {
    private final SSLSocket delegate;
    private final ResponseGuard guard;
    private GuardedInputStream input;

    GuardedSslSocket(SSLSocket delegate, ResponseGuard guard) {
      this.delegate = delegate;
      this.guard = guard;
      guard.register(delegate);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (input == null) input = new GuardedInputStream(delegate.getInputStream(), guard, this);
      return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return delegate.getOutputStream();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
      delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
      return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
      return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
      delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
      return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
      return delegate.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
      delegate.addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
      delegate.removeHandshakeCompletedListener(listener);
    }

    @Override
    public void startHandshake() throws IOException {
      delegate.startHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
      delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
      return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
      delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
      return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
      delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
      return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
      delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
      return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
      return delegate.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      delegate.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
      return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
      return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      delegate.connect(endpoint, timeout);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      delegate.connect(endpoint);
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
      delegate.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
      return delegate.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
      return delegate.getLocalAddress();
    }

    @Override
    public int getPort() {
      return delegate.getPort();
    }

    @Override
    public int getLocalPort() {
      return delegate.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return delegate.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return delegate.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
      return delegate.getChannel();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
      delegate.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
      return delegate.getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
      delegate.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
      return delegate.getSoLinger();
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
      delegate.setOOBInline(on);
    }

    @Override
    public boolean getOOBInline() throws SocketException {
      return delegate.getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      delegate.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
      return delegate.getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
      delegate.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
      return delegate.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
      delegate.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
      return delegate.getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
      delegate.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
      return delegate.getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
      delegate.setTrafficClass(tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
      return delegate.getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
      delegate.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
      return delegate.getReuseAddress();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public void shutdownInput() throws IOException {
      delegate.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
      delegate.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
      return delegate.isConnected();
    }

    @Override
    public boolean isBound() {
      return delegate.isBound();
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
      return delegate.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
      return delegate.isOutputShutdown();
    }

    @Override
    public String toString() {
      return "guarded " + delegate;
    }
  }
}
