package io.mailmind.core.internal.imap;

/** What STATUS told about a folder without selecting it; {@code highestModSeq} is 0 without CONDSTORE. */
public record FolderStatus(long uidValidity, long uidNext, long highestModSeq, long messages) {}
