/**
 * Following accounts in real time: the IDLE supervisor, one watcher and one dedicated IMAP connection per active
 * account (IDLE on INBOX, or on Gmail's All Mail; NOOP polling for servers without IDLE), its own watchdog for
 * connections that went silent, and reconnect backoff. Not API: anything here can change or disappear in any
 * release.
 */
package io.mailmind.core.internal.idle;
