package io.mailmind.core.internal.reply;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The lines mail clients write above quoted or forwarded mail, in English, German, French, Spanish, Italian, Dutch
 * and Portuguese: the attribution ("On … wrote:"), the forwarding note ("---------- Forwarded message ---------",
 * "Begin forwarded message:"), Outlook's "-----Original Message-----" and the header block of a quoted or forwarded
 * message ("From: … Sent: … To: … Subject: …"). Every method takes one line (or a few joined) of text whose non-breaking
 * spaces are already plain spaces ({@link #normalize}). Stateless.
 */
final class ReplyPatterns {
  /**
   * "On … wrote:" and its translations: the opening word, anything, the verb, an optional short tail (German and
   * Dutch put the sender after the verb), the colon. Gmail writes the colon after a space in French.
   */
  private static final Pattern ATTRIBUTION = Pattern.compile(
      "^(?:On\\s.+\\swrote"
          + "|Am\\s.+\\sschrieb(?:\\s.+)?"
          + "|Le\\s.+\\sa\\s+écrit"
          + "|El\\s.+\\sescribió"
          + "|Il\\s.+\\sha\\s+scritto"
          + "|Op\\s.+\\sschreef(?:\\s.+)?"
          + "|Em\\s.+\\sescreveu"
          + ")\\s?:$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);

  /** A line that only ends as an attribution does ("Bob &lt;bob@example.com&gt; wrote:"), without its opening word. */
  private static final Pattern ATTRIBUTION_END = Pattern.compile(
      "^\\S.{0,200}\\s(?:wrote|schrieb|a\\s+écrit|escribió|ha\\s+scritto|schreef|escreveu)\\s?:$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);

  /** The first word of an attribution, to find one wrapped over two lines. */
  private static final Pattern ATTRIBUTION_START = Pattern.compile("^(?:On|Am|Le|El|Il|Op|Em)\\s\\S",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern FORWARD_RULE = Pattern.compile(
      "^-{2,}\\s*(?:Forwarded\\s+message|Forwarded\\s+Message|Weitergeleitete\\s+Nachricht|Message\\s+transféré"
          + "|Mensaje\\s+reenviado|Messaggio\\s+inoltrato|Doorgestuurd\\s+bericht|Mensagem\\s+encaminhada)\\s*-{2,}$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern FORWARD_BEGIN = Pattern.compile(
      "^(?:Begin\\s+forwarded\\s+message|Anfang\\s+der\\s+weitergeleiteten\\s+Nachricht"
          + "|Début\\s+du\\s+message\\s+réexpédié|Inicio\\s+del\\s+mensaje\\s+reenviado|Inizio\\s+messaggio\\s+inoltrato"
          + "|Begin\\s+doorgestuurd\\s+bericht|Início\\s+da\\s+mensagem\\s+reencaminhada)\\s?:$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
      "^-{3,}\\s*(?:Original\\s+Message|Ursprüngliche\\s+Nachricht|Message\\s+d'origine|Mensaje\\s+original"
          + "|Messaggio\\s+originale|Oorspronkelijk\\s+bericht|Mensagem\\s+original)\\s*-{3,}$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /** Outlook's plain-text separator above a quoted header block: a line of underscores. */
  private static final Pattern UNDERSCORE_RULE = Pattern.compile("^_{10,}$");

  /** A header field line: its name (optionally bold in Markdown), a colon, a value or nothing. */
  private static final Pattern FIELD = Pattern.compile("^\\*{0,2}([\\p{L} ]{1,20}?)\\s?:\\*{0,2}(?:\\s.*)?$",
      Pattern.UNICODE_CASE | Pattern.DOTALL);

  /** The header kinds of a quoted or forwarded message's header block. */
  enum Field { FROM, DATE, TO, CC, SUBJECT }

  private static final List<List<String>> NAMES = List.of(
      List.of("from", "von", "de", "da", "van"),
      List.of("sent", "date", "gesendet", "datum", "envoyé", "enviado", "enviado el", "enviada em", "fecha",
          "inviato", "data", "verzonden"),
      List.of("to", "an", "à", "a", "para", "aan"),
      List.of("cc", "kopie", "copie", "cópia"),
      List.of("subject", "betreff", "objet", "sujet", "asunto", "oggetto", "onderwerp", "assunto"));

  private ReplyPatterns() {}

  /** {@code line} with non-breaking and other Unicode spaces as plain spaces, stripped. */
  static String normalize(String line) {
    int first = 0;
    while (first < line.length() && !replaced(line.charAt(first))) first++;
    if (first == line.length()) return line.strip();
    StringBuilder out = new StringBuilder(line.length()).append(line, 0, first);
    for (int i = first; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\u00a0' || c == '\u202f' || c == '\u2007' || c == '\t') {
        out.append(' ');
      } else if (c != '\u200b' && c != '\ufeff') {
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  /** Whether {@link #normalize} gives an empty line for {@code line}. */
  static boolean isBlank(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!replaced(c) && !Character.isWhitespace(c)) return false;
    }
    return true;
  }

  /** The characters {@link #normalize} turns into a space or drops. */
  private static boolean replaced(char c) {
    return c == '\u00a0' || c == '\u202f' || c == '\u2007' || c == '\t' || c == '\u200b' || c == '\ufeff';
  }

  /** "On … wrote:" in one of the seven languages. */
  static boolean isAttribution(String line) {
    return line.length() <= 400 && line.endsWith(":") && ATTRIBUTION.matcher(line).matches();
  }

  /** An attribution, or a line ending as one does ("Bob wrote:"): only trusted right above a quote. */
  static boolean endsLikeAttribution(String line) {
    return isAttribution(line) || line.length() <= 300 && line.endsWith(":") && ATTRIBUTION_END.matcher(line).matches();
  }

  /** Whether {@code line} may be the first half of an attribution wrapped over two lines. */
  static boolean startsLikeAttribution(String line) {
    return line.length() <= 300 && ATTRIBUTION_START.matcher(line).lookingAt();
  }

  /** "---------- Forwarded message ---------", "Begin forwarded message:" and their translations. */
  static boolean isForwardNote(String line) {
    return line.startsWith("--") && FORWARD_RULE.matcher(line).matches()
        || line.endsWith(":") && FORWARD_BEGIN.matcher(line).matches();
  }

  /** "-----Original Message-----" and its translations. */
  static boolean isOriginalMessage(String line) {
    return line.startsWith("---") && ORIGINAL_MESSAGE.matcher(line).matches();
  }

  static boolean isUnderscoreRule(String line) {
    return line.startsWith("_") && UNDERSCORE_RULE.matcher(line).matches();
  }

  /** The header kind {@code line} starts with ("From: …", "**Von:** …", "De :"), or null. */
  static Field field(String line) {
    if (line.length() > 2000) return null;
    var matcher = FIELD.matcher(line);
    if (!matcher.matches()) return null;
    String name = matcher.group(1).strip().toLowerCase(Locale.ROOT);
    for (int i = 0; i < NAMES.size(); i++) {
      if (NAMES.get(i).contains(name)) return Field.values()[i];
    }
    return null;
  }

  /**
   * Whether {@code lines}, from {@code from} on, start with the header block of a quoted or forwarded message: at
   * least three header lines among the next six non-blank ones, one of them the sender ({@code From:} or its
   * translation) and one the subject or the date. The first line must be a header line.
   */
  static boolean startsHeaderBlock(List<String> lines, int from) {
    if (from >= lines.size() || field(lines.get(from)) == null) return false;
    java.util.EnumSet<Field> seen = java.util.EnumSet.noneOf(Field.class);
    int count = 0;
    int looked = 0;
    for (int i = from; i < lines.size() && looked < 6; i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        if (count > 0 && i + 1 < lines.size() && lines.get(i + 1).isEmpty()) break;
        continue;
      }
      looked++;
      Field field = field(line);
      if (field == null) continue;
      count++;
      seen.add(field);
    }
    return count >= 3 && seen.contains(Field.FROM) && (seen.contains(Field.SUBJECT) || seen.contains(Field.DATE));
  }
}
