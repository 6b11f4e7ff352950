package io.mailmind.core.internal.imap;

/**
 * What SELECT/EXAMINE told about a folder.
 *
 * @param highestModSeq 0 when the server has no CONDSTORE
 */
public record SelectedFolder(long uidValidity, long uidNext, long highestModSeq, int exists) {}
