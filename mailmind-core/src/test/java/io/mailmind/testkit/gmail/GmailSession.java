package io.mailmind.testkit.gmail;

import io.mailmind.core.internal.folder.ModifiedUtf7;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** One connection of {@link ScriptedGmailServer}: reads tagged commands and answers them from the model. */
final class GmailSession {
  static final String CAPABILITIES = "IMAP4rev1 UNSELECT IDLE NAMESPACE ID CHILDREN X-GM-EXT-1 ENABLE";
  private static final DateTimeFormatter INTERNALDATE =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final Pattern LITERAL = Pattern.compile(".*\\{(\\d+)\\+?}$");

  private final ScriptedGmailServer server;
  private final Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean authenticated;
  private boolean condstoreEnabled;
  private String selected;
  /** The message count last told to the client (EXAMINE/SELECT, IDLE). */
  private int reportedExists;

  GmailSession(ScriptedGmailServer server, Socket socket) {
    this.server = server;
    this.socket = socket;
  }

  void run() {
    try (socket) {
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream());
      send("* OK Gimap ready for requests from 127.0.0.1 scripted");
      String line;
      while ((line = readCommand()) != null) {
        if (!handle(line)) return;
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  // ---- commands ----

  /** Answers one command line; false after LOGOUT. */
  private boolean handle(String line) throws IOException {
    Args args = new Args(line);
    String tag = args.atom();
    String command = args.atom().toUpperCase(Locale.ROOT);
    boolean uid = command.equals("UID");
    if (uid) command = "UID " + args.atom().toUpperCase(Locale.ROOT);
    server.record(command.startsWith("LOGIN") ? "LOGIN " + new Args(args.rest()).astring() + " ***"
        : line.substring(tag.length() + 1));
    switch (command) {
      case "CAPABILITY" -> {
        send("* CAPABILITY " + capabilities());
        send(tag + " OK Success");
      }
      case "NOOP" -> send(tag + " OK Success");
      case "ID" -> {
        send("* ID (\"name\" \"GImap\" \"vendor\" \"Google, Inc.\")");
        send(tag + " OK Success");
      }
      case "LOGOUT" -> {
        send("* BYE LOGOUT Requested");
        send(tag + " OK 73 good day (Success)");
        return false;
      }
      case "LOGIN" -> login(tag, args);
      case "NAMESPACE" -> {
        if (!requireAuth(tag)) break;
        send("* NAMESPACE ((\"\" \"/\")) NIL NIL");
        send(tag + " OK Success");
      }
      case "LIST" -> list(tag, args);
      case "ENABLE" -> enable(tag, args, line);
      case "STATUS" -> status(tag, args, line);
      case "EXAMINE", "SELECT" -> select(tag, args, command.equals("EXAMINE"));
      case "CLOSE", "UNSELECT" -> {
        if (selected == null) {
          send(tag + " BAD No mailbox selected");
        } else {
          selected = null;
          send(tag + " OK Returned to authenticated state. (Success)");
        }
      }
      case "FETCH", "UID FETCH" -> fetch(tag, args, uid);
      case "IDLE" -> idle(tag);
      default -> {
        server.recordUnsupported(line.substring(tag.length() + 1));
        send(tag + " BAD Unknown command");
      }
    }
    return true;
  }

  private void login(String tag, Args args) throws IOException {
    String user = args.astring();
    String password = args.astring();
    if (server.checkLogin(user, password)) {
      authenticated = true;
      send(tag + " OK [CAPABILITY " + capabilities() + "] " + user + " authenticated (Success)");
    } else {
      send(tag + " NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)");
    }
  }

  private String capabilities() {
    return CAPABILITIES + (server.condstore() ? " CONDSTORE" : "");
  }

  private void enable(String tag, Args args, String line) throws IOException {
    if (!requireAuth(tag)) return;
    StringBuilder enabled = new StringBuilder("* ENABLED");
    for (String extension : args.rest().split(" ")) {
      if (extension.equalsIgnoreCase("CONDSTORE") && server.condstore()) {
        condstoreEnabled = true;
        enabled.append(" CONDSTORE");
      } else if (!extension.isEmpty()) {
        server.recordUnsupported(line.substring(tag.length() + 1));
      }
    }
    send(enabled.toString());
    send(tag + " OK Success");
  }

  private void status(String tag, Args args, String line) throws IOException {
    if (!requireAuth(tag)) return;
    String encoded = args.astring();
    GmailModel.View view = server.model().view(decodeName(encoded));
    if (view == null) {
      send(tag + " NO [NONEXISTENT] Unknown Mailbox (Failure)");
      return;
    }
    List<String> values = new ArrayList<>();
    for (String item : FetchItems.split(args.rest())) {
      switch (item.toUpperCase(Locale.ROOT)) {
        case "MESSAGES" -> values.add("MESSAGES " + view.rows().size());
        case "UIDNEXT" -> values.add("UIDNEXT " + view.uidNext());
        case "UIDVALIDITY" -> values.add("UIDVALIDITY " + view.uidValidity());
        case "UNSEEN" -> values.add("UNSEEN " + view.rows().stream().filter(r -> !r.flags().contains("\\Seen"))
            .count());
        case "RECENT" -> values.add("RECENT 0");
        case "HIGHESTMODSEQ" -> {
          if (!server.condstore()) {
            server.recordUnsupported(line.substring(tag.length() + 1));
            send(tag + " BAD Unknown STATUS item HIGHESTMODSEQ");
            return;
          }
          values.add("HIGHESTMODSEQ " + view.highestModSeq());
        }
        default -> {
          server.recordUnsupported(line.substring(tag.length() + 1));
          send(tag + " BAD Unknown STATUS item " + item);
          return;
        }
      }
    }
    send("* STATUS " + quote(encodeName(view.name())) + " (" + String.join(" ", values) + ")");
    send(tag + " OK Success");
  }

  private boolean requireAuth(String tag) throws IOException {
    if (authenticated) return true;
    send(tag + " BAD Command not allowed before LOGIN");
    return false;
  }

  private void list(String tag, Args args) throws IOException {
    if (!requireAuth(tag)) return;
    String reference = args.astring();
    String pattern = reference + args.astring();
    if (pattern.isEmpty()) {
      send("* LIST (\\Noselect) \"/\" \"\"");
    } else {
      Pattern regex = wildcard(pattern);
      for (GmailModel.Listed folder : server.model().list()) {
        String encoded = encodeName(folder.name());
        if (regex.matcher(encoded).matches()) {
          send("* LIST (" + String.join(" ", folder.attributes()) + ") \"/\" " + quote(encoded));
        }
      }
    }
    send(tag + " OK Success");
  }

  private void select(String tag, Args args, boolean readOnly) throws IOException {
    if (!requireAuth(tag)) return;
    selected = null;
    String name = decodeName(args.astring());
    String parameters = args.rest();
    if (parameters.equalsIgnoreCase("(CONDSTORE)") && server.condstore()) {
      condstoreEnabled = true;
    } else if (!parameters.isEmpty()) {
      server.recordUnsupported(args.line.substring(args.line.indexOf(' ') + 1));
      send(tag + " BAD Unknown " + (readOnly ? "EXAMINE" : "SELECT") + " parameters");
      return;
    }
    GmailModel.View view = server.model().view(name);
    if (view == null) {
      send(tag + " NO [NONEXISTENT] Unknown Mailbox: " + name + " (Failure)");
      return;
    }
    send("* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen $NotPhishing $Phishing)");
    send("* OK [PERMANENTFLAGS (" + (readOnly ? "" : "\\Answered \\Flagged \\Draft \\Deleted \\Seen \\*")
        + ")] Flags permitted.");
    send("* OK [UIDVALIDITY " + view.uidValidity() + "] UIDs valid.");
    send("* " + view.rows().size() + " EXISTS");
    send("* 0 RECENT");
    send("* OK [UIDNEXT " + view.uidNext() + "] Predicted next UID.");
    if (server.condstore()) send("* OK [HIGHESTMODSEQ " + view.highestModSeq() + "]");
    selected = name;
    reportedExists = view.rows().size();
    send(tag + " OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + name + " selected. (Success)");
  }

  private void fetch(String tag, Args args, boolean byUid) throws IOException {
    if (!requireAuth(tag)) return;
    if (selected == null) {
      send(tag + " BAD No mailbox selected");
      return;
    }
    String set = args.atom();
    List<String> groups = FetchItems.groups(args.rest());
    List<String> items = new ArrayList<>(FetchItems.split(groups.get(0)));
    long changedSince = -1;
    if (groups.size() > 1) {
      List<String> modifier = FetchItems.split(groups.get(1));
      if (groups.size() > 2 || modifier.size() != 2 || !modifier.get(0).equalsIgnoreCase("CHANGEDSINCE")
          || !server.condstore()) {
        server.recordUnsupported(args.line);
        send(tag + " BAD Could not parse command");
        return;
      }
      changedSince = Long.parseLong(modifier.get(1));
      condstoreEnabled = true;
      if (items.stream().noneMatch(i -> i.equalsIgnoreCase("MODSEQ"))) items.add("MODSEQ");
    }
    GmailModel.View view = server.model().view(selected);
    if (view == null) {
      send(tag + " NO Mailbox is gone");
      return;
    }
    List<GmailModel.Row> rows = view.rows();
    long max = rows.isEmpty() ? 0 : byUid ? rows.get(rows.size() - 1).uid() : rows.size();
    SequenceSet wanted = SequenceSet.parse(set, max);
    FetchItems writer = new FetchItems(server.labelStyle());
    boolean modSeq = items.stream().anyMatch(i -> i.equalsIgnoreCase("MODSEQ"));
    if (!writer.supportsAll(items) || modSeq && !server.condstore()) {
      server.recordUnsupported(args.line);
      send(tag + " BAD Could not parse command");
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      GmailModel.Row row = rows.get(i);
      if (!wanted.contains(byUid ? row.uid() : i + 1) || row.modSeq() <= changedSince) continue;
      if (writer.setsSeen(items)) server.model().markSeen(row.msgId());
      out.write(("* " + (i + 1) + " FETCH (").getBytes(StandardCharsets.US_ASCII));
      out.write(writer.write(row, items, byUid));
      out.write(")\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    send(tag + " OK Success");
  }

  /**
   * IDLE until the client sends DONE; meanwhile reports new messages of the selected folder ({@code * n EXISTS})
   * since the count last told, looking at the model every 50 ms. Expunges and flag changes are not reported (the
   * engine syncs on EXISTS).
   */
  private void idle(String tag) throws IOException {
    if (!requireAuth(tag)) return;
    send("+ idling");
    while (in.available() == 0 && !socket.isClosed()) {
      if (selected != null) {
        int now = server.model().view(selected).rows().size();
        if (now > reportedExists) send("* " + now + " EXISTS");
        reportedExists = now;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    String done = readLine();
    if (done == null) return;
    if (done.equalsIgnoreCase("DONE")) {
      send(tag + " OK IDLE terminated (Success)");
    } else {
      server.recordUnsupported(done);
      send(tag + " BAD Expected DONE");
    }
  }

  // ---- names ----

  static String encodeName(String name) {
    return name.equals("INBOX") ? name : ModifiedUtf7.encode(name);
  }

  static String decodeName(String name) {
    return name.equalsIgnoreCase("INBOX") ? "INBOX" : ModifiedUtf7.decode(name);
  }

  private static Pattern wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*') regex.append(".*");
      else if (c == '%') regex.append("[^/]*");
      else regex.append(Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), pattern.equalsIgnoreCase("INBOX") ? Pattern.CASE_INSENSITIVE : 0);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // ---- wire ----

  private void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * One command line; a synchronizing literal ({@code {n}} at the end of a line) is acknowledged, read and put
   * inline as a quoted string, so the argument parser sees only atoms, quoted strings and lists.
   */
  private String readCommand() throws IOException {
    StringBuilder command = new StringBuilder();
    while (true) {
      String line = readLine();
      if (line == null) return null;
      var literal = LITERAL.matcher(line);
      if (!literal.matches()) return command.append(line).toString();
      command.append(line, 0, line.lastIndexOf('{'));
      if (!line.endsWith("+}")) send("+ go ahead");
      byte[] bytes = in.readNBytes(Integer.parseInt(literal.group(1)));
      command.append(quote(new String(bytes, StandardCharsets.UTF_8)));
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }

  /** A cursor over a command's arguments: atoms, quoted strings, and the unparsed rest. */
  static final class Args {
    final String line;
    private int index;

    Args(String line) {
      this.line = line;
    }

    String atom() {
      skipSpaces();
      int start = index;
      while (index < line.length() && line.charAt(index) != ' ') index++;
      return line.substring(start, index);
    }

    String astring() {
      skipSpaces();
      if (index >= line.length() || line.charAt(index) != '"') return atom();
      StringBuilder value = new StringBuilder();
      index++;
      while (index < line.length() && line.charAt(index) != '"') {
        if (line.charAt(index) == '\\' && index + 1 < line.length()) index++;
        value.append(line.charAt(index++));
      }
      index++;
      return value.toString();
    }

    String rest() {
      skipSpaces();
      return line.substring(Math.min(index, line.length()));
    }

    private void skipSpaces() {
      while (index < line.length() && line.charAt(index) == ' ') index++;
    }
  }

  /** A sequence set or UID set ({@code 1:4,7,9:*}), with {@code *} the largest number in the folder. */
  record SequenceSet(TreeSet<long[]> ranges) {
    static SequenceSet parse(String set, long max) {
      TreeSet<long[]> ranges =
          new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
      for (String part : set.split(",")) {
        String[] ends = part.split(":", 2);
        long first = number(ends[0], max);
        long last = ends.length == 2 ? number(ends[1], max) : first;
        ranges.add(new long[] {Math.min(first, last), Math.max(first, last)});
      }
      return new SequenceSet(ranges);
    }

    private static long number(String text, long max) {
      return text.equals("*") ? max : Long.parseLong(text);
    }

    boolean contains(long n) {
      for (long[] range : ranges) {
        if (range[0] <= n && n <= range[1]) return true;
      }
      return false;
    }
  }

  static String internalDate(GmailModel.Row row) {
    return INTERNALDATE.format(row.internalDate());
  }
}
