/**
 * The IMAP layer over Angus Mail: sessions, connections, raw UID FETCH commands, error translation, and the wire
 * side of Gmail's extension (X-GM-EXT-1: the X-GM-MSGID, X-GM-THRID and X-GM-LABELS fetch items), which
 * {@code internal.gmail} builds on. Of the other {@code internal} packages it uses only {@code internal.folder}.
 */
package io.mailmind.core.internal.imap;
