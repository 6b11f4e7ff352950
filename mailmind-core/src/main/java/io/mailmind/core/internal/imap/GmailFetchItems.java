package io.mailmind.core.internal.imap;

import io.mailmind.core.internal.folder.Flags;
import io.mailmind.core.internal.folder.ModifiedUtf7;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>These are the wire side of Gmail's IMAP extension (X-GM-EXT-1), kept with the rest of the protocol so that
 * {@code internal.imap} needs nothing from {@code internal.gmail}; what the items mean to a sync (labels, logical
 * folders, re-mapping) is {@code internal.gmail}'s.
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

  /** X-GM-LABELS of a FETCH response in the stored form ({@link #storedLabels}); empty when it has none. */
  @SuppressWarnings("unchecked")
  public static List<String> labels(FetchResponse fetch) {
    Object labels = item(fetch, LABELS);
    return labels == null ? List.of() : storedLabels((List<String>) labels);
  }

  /**
   * The form in which Mailmind stores labels the server sent: system labels ({@code \Inbox}, {@code \Sent}, ...)
   * as sent; user labels decoded from modified UTF-7 (so {@code &AMQ-rger} is stored as {@code Ärger}, like
   * decoded folder names); then the order rule of flags ({@link Flags#normalize}).
   */
  public static List<String> storedLabels(Collection<String> serverLabels) {
    Objects.requireNonNull(serverLabels, "serverLabels");
    List<String> decoded = new ArrayList<>(serverLabels.size());
    for (String label : serverLabels) {
      if (label == null || label.isEmpty()) continue;
      decoded.add(label.charAt(0) == '\\' ? label : ModifiedUtf7.decode(label));
    }
    return Flags.normalize(decoded);
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
