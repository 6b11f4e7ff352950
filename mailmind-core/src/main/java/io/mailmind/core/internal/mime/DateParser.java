package io.mailmind.core.internal.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Date header values leniently into UTC instants (second precision): RFC 5322 and its obsolete forms
 * (comments anywhere, white space around the colons, two- and three-digit years, named and military zones,
 * missing seconds, missing day name), asctime ({@code Mon Apr 14 15:28:40 2008}) and ISO-8601. A missing or
 * unknown zone is read as UTC. Returns {@code null} for anything else, for impossible dates and for years
 * outside 1900-2100. Thread-safe.
 */
final class DateParser {
  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?(?:[.,]\\d+)?");
  private static final Pattern OFFSET = Pattern.compile("(?:UTC|GMT|UT)?([+-])(\\d{1,2}):?(\\d{2})?", Pattern.CASE_INSENSITIVE);
  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
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

  static Instant parse(String value) {
    if (value == null) return null;
    try {
      return parseOrNull(value);
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static Instant parseOrNull(String value) {
    String text = stripComments(value).strip();
    if (text.isEmpty() || text.length() > 200) return null;
    Matcher iso = ISO.matcher(text);
    if (iso.find() && iso.start() == 0) {
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
          Integer.parseInt(iso.group(3)), Integer.parseInt(iso.group(4)), Integer.parseInt(iso.group(5)),
          iso.group(6) == null ? 0 : Math.min(59, Integer.parseInt(iso.group(6))));
      int offset = iso.group(7) == null ? 0 : offsetMinutes(iso.group(7));
      return plausible(local, offset);
    }
    text = text.replaceAll("\\s*:\\s*", ":").replace(',', ' ');
    String[] tokens = text.split("[\\s]+");
    int day = -1;
    int month = -1;
    int year = -1;
    int yearDigits = 0;
    LocalTime time = null;
    Integer offset = null;
    for (String raw : tokens) {
      String token = raw.toLowerCase(Locale.ROOT);
      if (token.isEmpty()) continue;
      if (token.indexOf('-') > 0 && month < 0 && Character.isDigit(token.charAt(0))) {
        String[] dmy = token.split("-");
        if (dmy.length == 3 && monthOf(dmy[1]) >= 0) {
          day = Integer.parseInt(digits(dmy[0]));
          month = monthOf(dmy[1]);
          yearDigits = digits(dmy[2]).length();
          year = Integer.parseInt(digits(dmy[2]));
          continue;
        }
      }
      Matcher t = TIME.matcher(token);
      if (time == null && t.matches()) {
        int second = t.group(3) == null ? 0 : Math.min(59, Integer.parseInt(t.group(3)));
        time = LocalTime.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)), second);
        continue;
      }
      if (offset == null && time != null) {
        Matcher o = OFFSET.matcher(token);
        if (o.matches()) {
          offset = offsetMinutes(token.replaceAll("(?i)^(utc|gmt|ut)", ""));
          continue;
        }
        Integer named = ZONES.get(token);
        if (named != null) {
          offset = named;
          continue;
        }
      }
      if (month < 0 && token.length() >= 3 && Character.isLetter(token.charAt(0))) {
        int m = monthOf(token);
        if (m >= 0) {
          month = m;
          continue;
        }
      }
      if (isDigits(token)) {
        if (day < 0 && token.length() <= 2 && year < 0) {
          day = Integer.parseInt(token);
        } else if (year < 0) {
          year = Integer.parseInt(token);
          yearDigits = token.length();
        } else if (day < 0 && token.length() <= 2) {
          day = Integer.parseInt(token);
        }
      }
    }
    if (day < 0 || month < 0 || year < 0) return null;
    if (yearDigits <= 2) {
      year += year < 50 ? 2000 : 1900;
    } else if (yearDigits == 3) {
      year += 1900;
    }
    LocalDateTime local = LocalDateTime.of(LocalDate.of(year, month, day), time == null ? LocalTime.MIDNIGHT : time);
    return plausible(local, offset == null ? 0 : offset);
  }

  private static Instant plausible(LocalDateTime local, int offsetMinutes) {
    if (local.getYear() < 1900 || local.getYear() > 2100) return null;
    if (Math.abs(offsetMinutes) > 18 * 60) offsetMinutes = 0;
    return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
  }

  private static int offsetMinutes(String zone) {
    if (zone.equalsIgnoreCase("z")) return 0;
    String sign = zone.substring(0, 1);
    String digits = zone.substring(1).replace(":", "");
    int hours;
    int minutes;
    if (digits.length() <= 2) {
      hours = Integer.parseInt(digits);
      minutes = 0;
    } else {
      hours = Integer.parseInt(digits.substring(0, digits.length() - 2));
      minutes = Integer.parseInt(digits.substring(digits.length() - 2));
    }
    if (minutes > 59) return 0;
    int total = hours * 60 + minutes;
    return sign.equals("-") ? -total : total;
  }

  private static int monthOf(String token) {
    if (token.length() < 3) return -1;
    String prefix = token.substring(0, 3).toLowerCase(Locale.ROOT);
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(prefix)) return i + 1;
    }
    return -1;
  }

  private static boolean isDigits(String token) {
    if (token.isEmpty() || token.length() > 4) return false;
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i)) || token.charAt(i) > '9') return false;
    }
    return true;
  }

  private static String digits(String token) {
    String d = token.replaceAll("[^0-9]", "");
    if (d.isEmpty() || d.length() > 4) throw new NumberFormatException(token);
    return d;
  }

  private static String stripComments(String value) {
    if (value.indexOf('(') < 0) return value;
    StringBuilder out = new StringBuilder(value.length());
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
        if (depth == 0) out.append(' ');
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
