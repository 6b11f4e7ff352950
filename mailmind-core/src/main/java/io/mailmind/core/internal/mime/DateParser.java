package io.mailmind.core.internal.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Date header values into UTC instants (second precision). A value is a date only when all of it is
 * read by one of these forms; anything else, even with a date inside, is {@code null} (callers then use the
 * server's INTERNALDATE), never a guess from the parts that looked right:
 * <ul>
 *   <li>RFC 5322 §3.3 with the obsolete forms of §4.3: {@code [day-name[,]] day month year hh:mm[:ss] [zone]};
 *       comments (nested, with quoted pairs) and folding white space anywhere between the parts and around the
 *       colons; two- and three-digit years; named zones (RFC 822 and common ones) and military letters.</li>
 *   <li>Real-world variants: full day and month names in any case; {@code dd-Mon-yyyy} (IMAP); a comma after
 *       the day or year; fractions of seconds; {@code AM}/{@code PM}; a missing zone; an unknown zone word
 *       ({@code H0500}: up to five letters and four digits); {@code GMT+hh[:mm]}; a numeric zone followed by a
 *       zone name ({@code -0400 EDT}: the number wins); month first ({@code May 8, 2005 1:17 PM}); asctime
 *       ({@code Mon Apr 14 15:28:40 [EDT] 2008}); ISO-8601 ({@code 2008-04-14T15:28:40+02:00}).</li>
 * </ul>
 * Outside comments only ASCII letters, digits, {@code , : + - .}, space, tab, CR and LF may occur: any other
 * character (a control character, NUL, U+FFFD, other punctuation) makes the value unparsable. Comments may
 * hold anything but NUL (RFC 5322 obs-ctext). Fields must be in range: hour 0-23 (1-12 with AM/PM), minute
 * 0-59, second 0-60 (a leap second is read as 59), a day that exists in its month, a zone within ±18:00 with
 * minutes 0-59, a year within 1900-2100. A missing or unknown zone is read as UTC. The day name is not checked
 * against the date. Thread-safe.
 */
final class DateParser {
  /** Longer values are not dates; real ones, comment included, stay far below. */
  static final int MAX_LENGTH = 1000;
  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?[ \\t]*(Z|[+-]\\d{2}:?\\d{2})?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern UNKNOWN_ZONE = Pattern.compile("[a-z]{1,5}[0-9]{0,4}");
  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december"};
  private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  private static final Map<String, Integer> ZONES = Map.ofEntries(
      Map.entry("ut", 0), Map.entry("utc", 0), Map.entry("gmt", 0), Map.entry("z", 0), Map.entry("wet", 0),
      Map.entry("est", -300), Map.entry("edt", -240), Map.entry("cst", -360), Map.entry("cdt", -300),
      Map.entry("mst", -420), Map.entry("mdt", -360), Map.entry("pst", -480), Map.entry("pdt", -420),
      Map.entry("ast", -240), Map.entry("adt", -180), Map.entry("nst", -210), Map.entry("ndt", -150),
      Map.entry("akst", -540), Map.entry("akdt", -480), Map.entry("hst", -600),
      Map.entry("bst", 60), Map.entry("ist", 330), Map.entry("west", 60), Map.entry("cet", 60), Map.entry("met", 60),
      Map.entry("mez", 60), Map.entry("cest", 120), Map.entry("mest", 120), Map.entry("mesz", 120),
      Map.entry("eet", 120), Map.entry("eest", 180), Map.entry("msk", 180), Map.entry("sast", 120),
      Map.entry("cat", 120), Map.entry("eat", 180), Map.entry("wat", 60), Map.entry("jst", 540), Map.entry("kst", 540),
      Map.entry("hkt", 480), Map.entry("sgt", 480), Map.entry("awst", 480), Map.entry("acst", 570),
      Map.entry("aest", 600), Map.entry("aedt", 660), Map.entry("nzst", 720), Map.entry("nzdt", 780));

  private DateParser() {}

  /** The instant {@code value} names, or {@code null} when it is not wholly a date in one of the forms above. */
  static Instant parse(String value) {
    if (value == null || value.length() > MAX_LENGTH) return null;
    try {
      String text = Comments.spacedOrNull(value);
      if (text == null) return null;
      Matcher iso = ISO.matcher(trim(text));
      if (iso.matches()) return iso(iso);
      List<Token> tokens = tokens(text);
      return tokens == null ? null : new Grammar(tokens).date();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static Instant iso(Matcher iso) {
    int second = iso.group(6) == null ? 0 : second(Integer.parseInt(iso.group(6)));
    LocalDateTime local = LocalDateTime.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
        Integer.parseInt(iso.group(3)), Integer.parseInt(iso.group(4)), Integer.parseInt(iso.group(5)), second);
    int offset = 0;
    String zone = iso.group(7);
    if (zone != null && !zone.equalsIgnoreCase("z")) {
      String digits = zone.substring(1).replace(":", "");
      offset = offset(zone.charAt(0), Integer.parseInt(digits.substring(0, 2)), Integer.parseInt(digits.substring(2)));
    }
    return instant(local, offset);
  }

  private static Instant instant(LocalDateTime local, int offsetMinutes) {
    if (local.getYear() < 1900 || local.getYear() > 2100) return null;
    return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }

  /** 0-59; 60 (a leap second) is read as 59. */
  private static int second(int second) {
    if (second > 60) throw new DateTimeException("second " + second);
    return Math.min(59, second);
  }

  private static int offset(char sign, int hours, int minutes) {
    if (minutes > 59 || hours * 60 + minutes > 18 * 60) throw new DateTimeException("zone offset out of range");
    int total = hours * 60 + minutes;
    return sign == '-' ? -total : total;
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && space(text.charAt(start))) start++;
    while (end > start && space(text.charAt(end - 1))) end--;
    return text.substring(start, end);
  }

  /**
   * A run of ASCII letters and digits, or one of {@code , : + - .}; {@code spaced} when white space (or a
   * comment) comes before it.
   */
  private record Token(String text, boolean spaced) {
    boolean digits() {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') return false;
      }
      return true;
    }

    boolean is(char punctuation) {
      return text.length() == 1 && text.charAt(0) == punctuation;
    }

    String lower() {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** The tokens of a comment-free value, or {@code null} when it holds a character no form allows. */
  private static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    boolean spaced = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (space(c)) {
        spaced = true;
        i++;
        continue;
      }
      int end = i;
      while (end < text.length() && alphanumeric(text.charAt(end))) end++;
      if (end == i) {
        if (",:+-.".indexOf(c) < 0) return null;
        end = i + 1;
      }
      tokens.add(new Token(text.substring(i, end), spaced));
      spaced = false;
      i = end;
    }
    return tokens;
  }

  private static boolean alphanumeric(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /** The RFC 5322 forms and their variants over the tokens of one value; one use. */
  private static final class Grammar {
    private final List<Token> tokens;
    private int at;
    private int day;
    private int month;
    private int year;
    private int hour;
    private int minute;
    private int second;
    private Integer offset;

    Grammar(List<Token> tokens) {
      this.tokens = tokens;
    }

    Instant date() {
      if (name(DAYS) > 0) accept(",");
      if (peekDigits()) {
        dayFirst();
      } else {
        monthFirst();
      }
      if (at != tokens.size()) return null;
      return instant(LocalDateTime.of(year, month, day, hour, minute, second), offset == null ? 0 : offset);
    }

    /** {@code day month year time [zone]}, also {@code day-month-year}. */
    private void dayFirst() {
      day = number(1, 2);
      boolean dashes = accept("-");
      month = month();
      if (dashes) expect("-");
      accept(",");
      year();
      accept(",");
      time();
      zone();
    }

    /** {@code month day[,] year time [zone]} or asctime: {@code month day time [zone] year [zone]}. */
    private void monthFirst() {
      month = month();
      day = number(1, 2);
      accept(",");
      if (at + 1 < tokens.size() && tokens.get(at + 1).is(':')) {
        time();
        zone();
        year();
        if (offset == null) zone();
      } else {
        year();
        accept(",");
        time();
        zone();
      }
    }

    /** Two digits: 1950-2049; three: since 1900 (RFC 5322 §4.3); four or more as written. */
    private void year() {
      int digits = peekDigits() ? peek().text.length() : 0;
      year = number(2, 9);
      if (digits == 2) {
        year += year < 50 ? 2000 : 1900;
      } else if (digits == 3) {
        year += 1900;
      }
    }

    /** {@code hh:mm[:ss[.fraction]] [AM|PM]}, white space allowed around the colons (obs-FWS). */
    private void time() {
      hour = number(1, 2);
      expect(":");
      minute = number(1, 2);
      if (accept(":")) {
        second = second(number(1, 2));
        if (at + 1 < tokens.size() && (peek().is('.') || peek().is(',')) && !peek().spaced
            && tokens.get(at + 1).digits() && !tokens.get(at + 1).spaced) {
          at += 2;
        }
      }
      int halfDay = name(new String[] {"am", "pm"});
      if (halfDay > 0) {
        if (hour < 1 || hour > 12) throw new DateTimeException("hour " + hour + " with AM/PM");
        hour = hour % 12 + (halfDay == 2 ? 12 : 0);
      }
      if (hour > 23 || minute > 59) throw new DateTimeException("time " + hour + ":" + minute);
    }

    /**
     * An optional zone: {@code +hhmm}, {@code +hh[:mm]}, a known name, {@code UT}/{@code GMT}/{@code UTC}
     * followed by an offset, a military letter or an unknown zone word; a numeric zone may be followed by a
     * known name, which is ignored.
     */
    private void zone() {
      if (at == tokens.size()) return;
      Token token = peek();
      if (token.is('+') || token.is('-')) {
        offset = numericOffset();
        if (at < tokens.size() && ZONES.containsKey(peek().lower())) at++;
        return;
      }
      String word = token.lower();
      if (word.equals("ut") || word.equals("utc") || word.equals("gmt")) {
        at++;
        offset = 0;
        if (at < tokens.size() && !peek().spaced && (peek().is('+') || peek().is('-'))) offset = numericOffset();
      } else if (ZONES.containsKey(word)) {
        at++;
        offset = ZONES.get(word);
      } else if (UNKNOWN_ZONE.matcher(word).matches()) {
        at++;
        offset = 0;
      }
    }

    /** {@code +hhmm}, {@code +hmm}, {@code +hh}, {@code +h}, {@code +hh:mm}; the digits right after the sign. */
    private int numericOffset() {
      char sign = next().text.charAt(0);
      if (at == tokens.size() || peek().spaced || !peek().digits()) throw new DateTimeException("zone sign alone");
      String digits = next().text;
      if (digits.length() > 4) throw new DateTimeException("zone " + digits);
      if (digits.length() <= 2) {
        int hours = Integer.parseInt(digits);
        int minutes = 0;
        if (at + 1 < tokens.size() && peek().is(':') && !peek().spaced && !tokens.get(at + 1).spaced) {
          at++;
          minutes = number(2, 2);
        }
        return offset(sign, hours, minutes);
      }
      int split = digits.length() - 2;
      return offset(sign, Integer.parseInt(digits.substring(0, split)), Integer.parseInt(digits.substring(split)));
    }

    private int month() {
      int m = name(MONTHS);
      if (m < 0) throw new DateTimeException("no month at " + at);
      return m;
    }

    /**
     * Consumes a word that is one of {@code names} in full or its first three letters, any case; returns its
     * number (1-based), or -1 without consuming anything.
     */
    private int name(String[] names) {
      if (at == tokens.size()) return -1;
      String word = peek().lower();
      for (int i = 0; i < names.length; i++) {
        if (word.equals(names[i]) || word.length() == 3 && names[i].startsWith(word)) {
          at++;
          return i + 1;
        }
      }
      return -1;
    }

    private int number(int minDigits, int maxDigits) {
      Token token = next();
      if (!token.digits() || token.text.length() < minDigits || token.text.length() > maxDigits) {
        throw new DateTimeException("expected a number, found " + token.text);
      }
      return Integer.parseInt(token.text);
    }

    private boolean peekDigits() {
      return at < tokens.size() && peek().digits();
    }

    private boolean accept(String punctuation) {
      if (at < tokens.size() && peek().text.equals(punctuation)) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(String punctuation) {
      if (!accept(punctuation)) throw new DateTimeException("expected " + punctuation);
    }

    private Token peek() {
      return tokens.get(at);
    }

    private Token next() {
      if (at == tokens.size()) throw new DateTimeException("value ends early");
      return tokens.get(at++);
    }
  }
}
