package io.mailmind.core.internal.imap;

import java.util.List;

/**
 * A mailbox as LIST returned it.
 *
 * @param fullName   the name as Angus Mail gives it (modified UTF-7 decoded, server delimiter)
 * @param delimiter  the server's hierarchy delimiter, 0 when NIL
 * @param attributes LIST attributes ({@code \Noselect}, {@code \Sent}, ...)
 */
public record ListedFolder(String fullName, char delimiter, List<String> attributes) {
  public ListedFolder {
    attributes = List.copyOf(attributes);
  }

  public boolean selectable() {
    for (String attribute : attributes) {
      if (attribute.equalsIgnoreCase("\\Noselect") || attribute.equalsIgnoreCase("\\NonExistent")) return false;
    }
    return true;
  }
}
