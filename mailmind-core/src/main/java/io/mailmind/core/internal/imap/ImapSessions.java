package io.mailmind.core.internal.imap;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import jakarta.mail.Session;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.SSLEngine;

/**
 * Builds the Jakarta Mail session of an account: TLS with certificate and host-name checks by default,
 * STARTTLS required when asked for, plain only when asked for; timeouts from {@link SyncOptions}.
 */
public final class ImapSessions {
  /** The TLS factories of accounts without a trusted certificate of their own, by host (they differ only by it). */
  private static final java.util.Map<String, javax.net.ssl.SSLSocketFactory> BY_HOST =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ImapSessions() {}

  /** The Jakarta Mail protocol name for the account: {@code imaps} for implicit TLS, else {@code imap}. */
  public static String protocol(ImapAccount account) {
    return account.security() == Security.TLS ? "imaps" : "imap";
  }

  public static Session session(ImapAccount account, SyncOptions options) {
    String p = "mail." + protocol(account) + ".";
    Properties props = new Properties();
    props.setProperty("mail.store.protocol", protocol(account));
    props.setProperty(p + "host", account.host());
    props.setProperty(p + "port", Integer.toString(account.port()));
    props.setProperty(p + "connectiontimeout", Long.toString(options.connectTimeout().toMillis()));
    props.setProperty(p + "timeout", Long.toString(options.readTimeout().toMillis()));
    props.setProperty(p + "writetimeout", Long.toString(options.readTimeout().toMillis()));
    // Without a scheduler of ours, Angus starts a timer thread for the write timeout of every socket. This one
    // serves every connection: the engine's and the IDLE supervisor's.
    props.put(p + "executor.writetimeout", WriteTimeouts.SCHEDULER);
    props.setProperty(p + "partialfetch", "false");
    props.setProperty(p + "peek", "true");
    props.setProperty(p + "appendbuffersize", "-1");
    props.setProperty("mail.mime.allowutf8", "true");
    switch (account.security()) {
      case TLS -> {
        props.setProperty(p + "ssl.enable", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case STARTTLS -> {
        props.setProperty(p + "starttls.enable", "true");
        props.setProperty(p + "starttls.required", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case PLAIN -> props.setProperty(p + "starttls.enable", "false");
    }
    if (account.security() != Security.PLAIN) {
      // Our trust manager: the JDK's checks (plus the account's trusted certificate), and a refusal that says why.
      props.put(p + "ssl.socketFactory", account.trustedCertificate() == null
          ? BY_HOST.computeIfAbsent(account.host(), host -> sslContext(account).getSocketFactory())
          : sslContext(account).getSocketFactory());
      // Without this, a failed handshake (a host-name mismatch) is retried with the JDK's default factory, whose
      // error ("unable to find valid certification path") hides the first one.
      props.setProperty(p + "socketFactory.fallback", "false");
    }
    if (account.auth() == AuthMechanism.XOAUTH2) {
      props.setProperty(p + "auth.mechanisms", "XOAUTH2");
    } else {
      props.setProperty(p + "auth.xoauth2.disable", "true");
    }
    return Session.getInstance(props);
  }

  /** The shared daemon timer thread (write timeouts, closing lingering pooled connections). */
  static ScheduledExecutorService timer() {
    return WriteTimeouts.SCHEDULER;
  }

  /**
   * One daemon timer thread for the write timeouts of every connection (engine and IDLE alike), started on first
   * use. A task only runs when a write is stuck past its timeout (it closes the socket); every other one is
   * cancelled when its write returns, so one thread is plenty for thousands of connections.
   */
  private static final class WriteTimeouts {
    static final ScheduledExecutorService SCHEDULER = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "mailmind-write-timeouts");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }

  /**
   * The TLS context of an account: the JDK's default trust, plus the account's trusted certificate if it has one,
   * behind an {@link ExplainingTrustManager} for the account's host.
   */
  private static SSLContext sslContext(ImapAccount account) {
    X509ExtendedTrustManager trust = DefaultTrust.MANAGER;
    if (account.trustedCertificate() != null) trust = withTrustedCertificate(account, trust);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ExplainingTrustManager(trust, account.host())}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new MailConnectionException(MailConnectionException.Kind.CONFIGURATION,
          account.id() + " - cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The JDK's default trust manager (the cacerts or javax.net.ssl.trustStore), loaded once. */
  private static final class DefaultTrust {
    static final X509ExtendedTrustManager MANAGER = load();

    private static X509ExtendedTrustManager load() {
      try {
        return trustManager(null);
      } catch (Exception e) {
        throw new IllegalStateException("cannot load the JDK's default trust store: " + e, e);
      }
    }
  }

  /** Trusts what {@code defaults} trusts, and else the account's trusted certificate. */
  private static X509ExtendedTrustManager withTrustedCertificate(ImapAccount account, X509ExtendedTrustManager defaults) {
    try {
      X509Certificate extra;
      try (InputStream in = Files.newInputStream(account.trustedCertificate())) {
        extra = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      KeyStore extraStore = KeyStore.getInstance(KeyStore.getDefaultType());
      extraStore.load(null, null);
      extraStore.setCertificateEntry("mailmind-trusted", extra);
      X509ExtendedTrustManager custom = trustManager(extraStore);
      return new X509ExtendedTrustManager() {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
          try {
            defaults.checkServerTrusted(chain, authType, socket);
          } catch (CertificateException e) {
            custom.checkServerTrusted(chain, authType, socket);
          }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
          try {
            defaults.checkServerTrusted(chain, authType, engine);
          } catch (CertificateException e) {
            custom.checkServerTrusted(chain, authType, engine);
          }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          try {
            defaults.checkServerTrusted(chain, authType);
          } catch (CertificateException e) {
            custom.checkServerTrusted(chain, authType);
          }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
          defaults.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
          defaults.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          defaults.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          X509Certificate[] a = defaults.getAcceptedIssuers();
          X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + 1);
          all[a.length] = extra;
          return all;
        }
      };
    } catch (Exception e) {
      throw new MailConnectionException(MailConnectionException.Kind.CONFIGURATION,
          account.id() + " - cannot load trusted certificate " + account.trustedCertificate() + ": " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(KeyStore store) throws Exception {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager x509) return x509;
    }
    throw new IllegalStateException("no X509ExtendedTrustManager");
  }
}
