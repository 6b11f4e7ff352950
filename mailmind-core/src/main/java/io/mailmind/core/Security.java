package io.mailmind.core;

/** How the IMAP connection is protected. */
public enum Security {
  /** Implicit TLS (IMAPS, port 993), certificates checked. The default. */
  TLS,
  /** STARTTLS, required (the connection fails if the server does not offer it), certificates checked. */
  STARTTLS,
  /** No TLS at all: passwords cross the network in clear. Only when asked for explicitly. */
  PLAIN;

  public int defaultPort() {
    return this == TLS ? 993 : 143;
  }
}
