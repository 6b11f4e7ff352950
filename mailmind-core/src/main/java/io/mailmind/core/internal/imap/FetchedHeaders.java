package io.mailmind.core.internal.imap;

import java.time.Instant;
import java.util.List;

/** The metadata items of one message: flags (normalized), INTERNALDATE, RFC822.SIZE and a raw header block. */
public record FetchedHeaders(long uid, List<String> flags, Instant internalDate, long size, byte[] headerBlock) {}
