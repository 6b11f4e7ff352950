package io.mailmind.core.model;

/**
 * What kind of failure an account had, as the status view ({@link AccountStatus.LastError}) and the metrics
 * ({@code mailmind.errors}, tag {@code kind}: the lower-case name) report it.
 */
public enum ErrorKind {
  /** Network trouble, a dropped connection, a timeout: retried. */
  CONNECTION,
  /** The server refused the credentials. */
  AUTHENTICATION,
  /** The account or the server is not usable as configured: a certificate, a missing secret, a capability. */
  CONFIGURATION,
  /** The server broke the IMAP protocol or a response bound. */
  PROTOCOL,
  /** The store failed. */
  STORE,
  /** Anything else. */
  OTHER
}
