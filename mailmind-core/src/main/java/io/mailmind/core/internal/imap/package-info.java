/** The IMAP layer over Angus Mail: sessions, connections, raw UID FETCH commands, error translation. */
package io.mailmind.core.internal.imap;
