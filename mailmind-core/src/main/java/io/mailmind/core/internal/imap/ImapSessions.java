package io.mailmind.core.internal.imap;

import io.mailmind.core.AuthMechanism;
import io.mailmind.core.ImapAccount;
import io.mailmind.core.MailConnectionException;
import io.mailmind.core.Security;
import io.mailmind.core.SyncOptions;
import jakarta.mail.Session;
import java.io.InputStream;
import java.nio.file.Files;
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
import javax.net.ssl.X509TrustManager;

/**
 * Builds the Jakarta Mail session of an account: TLS with certificate and host-name checks by default,
 * STARTTLS required when asked for, plain only when asked for; timeouts from {@link SyncOptions}.
 */
public final class ImapSessions {
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
    if (account.security() != Security.PLAIN && account.trustedCertificate() != null) {
      props.put(p + "ssl.socketFactory", sslContext(account).getSocketFactory());
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

  private static SSLContext sslContext(ImapAccount account) {
    try {
      X509Certificate extra;
      try (InputStream in = Files.newInputStream(account.trustedCertificate())) {
        extra = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      KeyStore extraStore = KeyStore.getInstance(KeyStore.getDefaultType());
      extraStore.load(null, null);
      extraStore.setCertificateEntry("mailmind-trusted", extra);
      X509TrustManager custom = trustManager(extraStore);
      X509TrustManager defaults = trustManager(null);
      X509TrustManager both = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          defaults.checkClientTrusted(chain, authType);
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
        public X509Certificate[] getAcceptedIssuers() {
          X509Certificate[] a = defaults.getAcceptedIssuers();
          X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + 1);
          all[a.length] = extra;
          return all;
        }
      };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {both}, null);
      return context;
    } catch (Exception e) {
      throw new MailConnectionException(MailConnectionException.Kind.CONFIGURATION,
          account.id() + " - cannot load trusted certificate " + account.trustedCertificate() + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws Exception {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) return x509;
    }
    throw new IllegalStateException("no X509TrustManager");
  }
}
