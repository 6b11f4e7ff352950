package io.mailmind.core.internal.imap;

/** The full raw bytes of one message ({@code BODY.PEEK[]}). */
public record FetchedBody(long uid, byte[] bytes) {}
