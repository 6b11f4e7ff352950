package io.mailmind.core.internal.imap;

import java.util.List;

/** A message as {@code UID FETCH 1:* (UID FLAGS RFC822.SIZE)} lists it. Flags are normalized. */
public record ServerMessage(long uid, List<String> flags, long size) {}
