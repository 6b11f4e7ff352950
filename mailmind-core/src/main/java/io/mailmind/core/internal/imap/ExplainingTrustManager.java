package io.mailmind.core.internal.imap;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a server's certificate with the trust manager it wraps (so the checks, the host name's included, are the
 * JDK's), and when that refuses it, says why in words a host developer can act on: the host name the account
 * connects to is not among the names the certificate has (its subject alternative names, else its common name),
 * listing those names; or the certificate is not trusted, naming its subject and issuer. The JDK's own message
 * ("No subject alternative names matching IP address ... found", "PKIX path building failed ...") is kept at the
 * end. The names are read only to explain a refusal, never to accept a certificate. Thread-safe.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final String host;

  /** @param host the host name the account connects to, as configured */
  ExplainingTrustManager(X509ExtendedTrustManager delegate, String host) {
    this.delegate = delegate;
    this.host = host;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw explain(chain, authType, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw explain(chain, authType, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      delegate.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw explain(chain, authType, e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private CertificateException explain(X509Certificate[] chain, String authType, CertificateException refused) {
    if (chain == null || chain.length == 0) return refused;
    X509Certificate certificate = chain[0];
    List<String> names = names(certificate);
    String message;
    if (!matches(host, certificate)) {
      message = "the host name " + host + " does not match the server's certificate, which names "
          + (names.isEmpty() ? "no host" : String.join(", ", names))
          + " (connect to one of these names, or give the server a certificate for " + host + ")"
          + (chainTrusted(chain, authType) ? "" : "; nor is the certificate trusted (issued by "
              + certificate.getIssuerX500Principal().getName() + ")");
    } else {
      message = "the server's certificate for " + String.join(", ", names) + " is not trusted (issued by "
          + certificate.getIssuerX500Principal().getName() + "; for a self-signed or private certificate, set "
          + "ImapAccount.trustedCertificate)";
    }
    return new CertificateException(message + ": " + refused.getMessage(), refused);
  }

  /** Whether the chain is trusted, host name aside. */
  private boolean chainTrusted(X509Certificate[] chain, String authType) {
    try {
      delegate.checkServerTrusted(chain, authType);
      return true;
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }

  /** The names of a certificate: its DNS and IP subject alternative names, and its common name. */
  static List<String> names(X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>(alternativeNames(certificate, 2));
    names.addAll(alternativeNames(certificate, 7));
    String commonName = commonName(certificate);
    if (commonName != null) names.add(commonName);
    return List.copyOf(names);
  }

  /**
   * Whether the certificate names the host: an IP literal among its IP alternative names; a host name among its
   * DNS alternative names (a leading {@code *.} matches one label), or its common name when it has none.
   */
  static boolean matches(String host, X509Certificate certificate) {
    String wanted = host.toLowerCase(Locale.ROOT);
    if (ipLiteral(wanted)) {
      for (String ip : alternativeNames(certificate, 7)) {
        if (sameAddress(wanted, ip)) return true;
      }
      return false;
    }
    List<String> dns = alternativeNames(certificate, 2);
    if (dns.isEmpty()) {
      String commonName = commonName(certificate);
      return commonName != null && dnsMatch(wanted, commonName.toLowerCase(Locale.ROOT));
    }
    for (String name : dns) {
      if (dnsMatch(wanted, name.toLowerCase(Locale.ROOT))) return true;
    }
    return false;
  }

  private static boolean dnsMatch(String host, String pattern) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return host.equals(pattern);
  }

  private static boolean ipLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static boolean sameAddress(String a, String b) {
    if (!ipLiteral(b)) return false;
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    Collection<List<?>> entries;
    try {
      entries = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (entries == null) return names;
    for (List<?> entry : entries) {
      if (entry.size() >= 2 && entry.get(0) instanceof Integer kind && kind == type && entry.get(1) instanceof String s) {
        names.add(s);
      }
    }
    return names;
  }

  private static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) return String.valueOf(rdn.getValue());
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }
}
