package io.mailmind.core.internal.imap;

/**
 * The full raw bytes of one message ({@code BODY.PEEK[]}).
 *
 * @param gmThrId Gmail's X-GM-THRID, fetched with the body on Gmail; null elsewhere
 */
public record FetchedBody(long uid, byte[] bytes, Long gmThrId) {
  public FetchedBody(long uid, byte[] bytes) {
    this(uid, bytes, null);
  }
}
