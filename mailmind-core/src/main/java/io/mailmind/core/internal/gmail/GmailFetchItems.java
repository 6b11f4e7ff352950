package io.mailmind.core.internal.gmail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;

/**
 * Gmail's FETCH items (X-GM-MSGID, X-GM-THRID, X-GM-LABELS) as Angus Mail fetch items, so that the protocol of a
 * {@link GmailImapStore} parses them into {@link FetchResponse#getExtensionItems()}; and readers for them.
 * Without these items Angus Mail drops a whole FETCH response that carries one. Stateless and thread-safe.
 *
 * <p>Labels are read in both forms Gmail is known to send: quoted strings with escaped backslashes
 * ({@code ("\\Inbox" "Work")}, what the server sends today) and the bare flag-like atoms of Google's extension
 * page ({@code (\Inbox \Sent Important "Muy Importante")}), plus literals.
 */
public final class GmailFetchItems {
  public static final String MSGID = "X-GM-MSGID";
  public static final String THRID = "X-GM-THRID";
  public static final String LABELS = "X-GM-LABELS";

  /** The items the protocol registers; a {@code null} FetchProfile item: Mailmind never fetches by profile. */
  static final FetchItem[] ITEMS = {
      new FetchItem(MSGID, null) {
        @Override
        public Object parseItem(FetchResponse response) throws ParsingException {
          return readUnsignedLong(response, MSGID);
        }
      },
      new FetchItem(THRID, null) {
        @Override
        public Object parseItem(FetchResponse response) throws ParsingException {
          return readUnsignedLong(response, THRID);
        }
      },
      new FetchItem(LABELS, null) {
        @Override
        public Object parseItem(FetchResponse response) throws ParsingException {
          return readLabels(response);
        }
      }
  };

  private GmailFetchItems() {}

  /** X-GM-MSGID of a FETCH response, or null when it has none. */
  public static Long msgId(FetchResponse fetch) {
    return (Long) item(fetch, MSGID);
  }

  /** X-GM-THRID of a FETCH response, or null when it has none. */
  public static Long thrId(FetchResponse fetch) {
    return (Long) item(fetch, THRID);
  }

  /** X-GM-LABELS of a FETCH response in the stored form ({@link GmailLabels#stored}); empty when it has none. */
  @SuppressWarnings("unchecked")
  public static List<String> labels(FetchResponse fetch) {
    Object labels = item(fetch, LABELS);
    return labels == null ? List.of() : GmailLabels.stored((List<String>) labels);
  }

  /** The three Gmail items of a FETCH response, or null when it has none of them. */
  public static GmailAttributes attributes(FetchResponse fetch) {
    Long msgId = msgId(fetch);
    Long thrId = thrId(fetch);
    Object labels = item(fetch, LABELS);
    if (msgId == null && thrId == null && labels == null) return null;
    return new GmailAttributes(msgId, thrId, labels(fetch));
  }

  private static Object item(FetchResponse fetch, String name) {
    Map<String, Object> items = fetch.getExtensionItems();
    return items == null ? null : items.get(name);
  }

  /** X-GM-MSGID and X-GM-THRID are 64-bit unsigned numbers: read as such, kept in a long's bits. */
  private static Long readUnsignedLong(FetchResponse response, String name) throws ParsingException {
    String digits = response.readAtom();
    try {
      return Long.parseUnsignedLong(digits);
    } catch (NumberFormatException e) {
      throw new ParsingException(name + " was '" + digits + "' but it must be an unsigned 64-bit number");
    }
  }

  /** A parenthesized list of labels as the server sent them (modified UTF-7 not yet decoded). */
  static List<String> readLabels(FetchResponse response) throws ParsingException {
    response.skipSpaces();
    if (response.peekByte() != '(') {
      String nil = response.readAtom();
      if ("NIL".equalsIgnoreCase(nil)) return List.of();
      throw new ParsingException(LABELS + " must be a parenthesized list but starts with '" + nil + "'");
    }
    response.readByte();
    List<String> labels = new ArrayList<>();
    while (!response.isNextNonSpace(')')) {
      String label;
      if (response.peekByte() == '\\') {
        response.readByte();
        label = "\\" + response.readAtom();
      } else {
        label = response.readAtomString();
      }
      if (label == null || label.isEmpty()) {
        throw new ParsingException(LABELS + " has an element that is neither a string nor an atom");
      }
      labels.add(label);
    }
    return labels;
  }
}
