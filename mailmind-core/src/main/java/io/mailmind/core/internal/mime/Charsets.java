package io.mailmind.core.internal.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes bytes declared in a MIME charset, with the fallbacks real mail needs: no charset, us-ascii and
 * unknown names ({@code x-unknown}, {@code unknown-8bit}, names Java lacks) are read as UTF-8 when the bytes
 * are valid UTF-8, else as windows-1252; ISO-8859-1 is read as windows-1252, and as UTF-8 when the bytes are
 * valid multi-byte UTF-8 (a common lie); UTF-8 that is mostly invalid is read as windows-1252; legacy names are
 * mapped to the Java charset that is their superset ({@code ks_c_5601-1987} and {@code euc-kr} to
 * {@code x-windows-949}, {@code gb2312} to {@code GB18030}, {@code shift_jis} to {@code windows-31j},
 * {@code big5} to {@code Big5-HKSCS}, {@code iso-2022-jp} to Microsoft's superset {@code x-windows-50221}, {@code iso-8859-8-i} to {@code ISO-8859-8}, ...). Thread-safe.
 */
final class Charsets {
  private static final Pattern ISO_8859 = Pattern.compile("iso[-_ ]?8859[-_ ]?(\\d{1,2})(?:[-_:].*)?");
  private static final Pattern WINDOWS = Pattern.compile("(?:windows|win|cp|x-cp|ms)[-_ ]?(12[5][0-8]|874|932|936|949|950)");
  private static final Pattern IBM = Pattern.compile("(?:cp|ibm)[-_ ]?(\\d{3,5})");
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("utf8", "UTF-8"), Map.entry("utf-8", "UTF-8"), Map.entry("x-utf8", "UTF-8"),
      Map.entry("unicode-1-1-utf-8", "UTF-8"), Map.entry("utf_8", "UTF-8"),
      Map.entry("latin1", "windows-1252"), Map.entry("latin-1", "windows-1252"), Map.entry("l1", "windows-1252"),
      Map.entry("iso-8859-1", "windows-1252"), Map.entry("cp819", "windows-1252"), Map.entry("ibm819", "windows-1252"),
      Map.entry("iso-ir-100", "windows-1252"), Map.entry("csisolatin1", "windows-1252"),
      Map.entry("ks_c_5601-1987", "x-windows-949"), Map.entry("ks_c_5601-1989", "x-windows-949"),
      Map.entry("ks_c_5601", "x-windows-949"), Map.entry("ksc5601", "x-windows-949"),
      Map.entry("ksc_5601", "x-windows-949"), Map.entry("ks-c-5601-1987", "x-windows-949"),
      Map.entry("csksc56011987", "x-windows-949"), Map.entry("iso-ir-149", "x-windows-949"),
      Map.entry("korean", "x-windows-949"), Map.entry("euc-kr", "x-windows-949"), Map.entry("euckr", "x-windows-949"),
      Map.entry("cseuckr", "x-windows-949"), Map.entry("windows-949", "x-windows-949"),
      Map.entry("iso-8859-8-i", "ISO-8859-8"), Map.entry("iso-8859-8-e", "ISO-8859-8"),
      Map.entry("csiso88598i", "ISO-8859-8"), Map.entry("csiso88598e", "ISO-8859-8"), Map.entry("logical", "ISO-8859-8"),
      Map.entry("visual", "ISO-8859-8"),
      Map.entry("iso-8859-6-i", "ISO-8859-6"), Map.entry("iso-8859-6-e", "ISO-8859-6"),
      Map.entry("gb2312", "GB18030"), Map.entry("gb_2312-80", "GB18030"), Map.entry("gb_2312", "GB18030"),
      Map.entry("csgb2312", "GB18030"), Map.entry("chinese", "GB18030"), Map.entry("euc-cn", "GB18030"),
      Map.entry("x-euc-cn", "GB18030"), Map.entry("gbk", "GB18030"), Map.entry("x-gbk", "GB18030"),
      Map.entry("cp936", "GB18030"), Map.entry("windows-936", "GB18030"), Map.entry("hz-gb-2312", "GB18030"),
      Map.entry("big5", "Big5-HKSCS"), Map.entry("big-5", "Big5-HKSCS"), Map.entry("cn-big5", "Big5-HKSCS"),
      Map.entry("x-x-big5", "Big5-HKSCS"), Map.entry("csbig5", "Big5-HKSCS"), Map.entry("cp950", "Big5-HKSCS"),
      Map.entry("windows-950", "Big5-HKSCS"),
      Map.entry("shift_jis", "windows-31j"), Map.entry("shift-jis", "windows-31j"), Map.entry("sjis", "windows-31j"),
      Map.entry("x-sjis", "windows-31j"), Map.entry("ms_kanji", "windows-31j"), Map.entry("csshiftjis", "windows-31j"),
      Map.entry("cp932", "windows-31j"), Map.entry("ms932", "windows-31j"), Map.entry("windows-932", "windows-31j"),
      Map.entry("x-ms-cp932", "windows-31j"),
      Map.entry("x-mac-cyrillic", "x-MacCyrillic"), Map.entry("mac-cyrillic", "x-MacCyrillic"),
      Map.entry("maccyrillic", "x-MacCyrillic"), Map.entry("x-mac-ukrainian", "x-MacCyrillic"),
      Map.entry("x-mac-roman", "x-MacRoman"), Map.entry("macintosh", "x-MacRoman"), Map.entry("mac", "x-MacRoman"),
      Map.entry("x-mac-ce", "x-MacCentralEurope"), Map.entry("x-mac-greek", "x-MacGreek"),
      Map.entry("x-mac-turkish", "x-MacTurkish"),
      Map.entry("tis-620", "x-windows-874"), Map.entry("iso-8859-11", "x-windows-874"),
      Map.entry("windows-874", "x-windows-874"), Map.entry("dos-874", "x-windows-874"),
      Map.entry("koi8", "KOI8-R"), Map.entry("koi", "KOI8-R"), Map.entry("koi8r", "KOI8-R"),
      Map.entry("koi8u", "KOI8-U"), Map.entry("koi8-ru", "KOI8-U"),
      Map.entry("iso-2022-jp", "x-windows-50221"), Map.entry("iso-2022-jp-2", "x-windows-50221"),
      Map.entry("iso-2022-jp-3", "x-windows-50221"), Map.entry("csiso2022jp", "x-windows-50221"),
      Map.entry("jis", "x-windows-50221"), Map.entry("iso-2022-jp-ms", "x-windows-50221"),
      Map.entry("x-euc-jp", "EUC-JP"), Map.entry("eucjp", "EUC-JP"), Map.entry("x-euc", "EUC-JP"),
      Map.entry("utf-16", "UTF-16"), Map.entry("ucs-2", "UTF-16"), Map.entry("unicode", "UTF-16LE"),
      Map.entry("x-cp1250", "windows-1250"), Map.entry("x-cp1251", "windows-1251"));
  private static final int MAX_CACHE = 512;
  private static final Map<String, Optional<Charset>> CACHE = new ConcurrentHashMap<>();

  private Charsets() {}

  /**
   * The charset to decode a declared name with, or {@code null} where the bytes decide (no name, us-ascii or
   * a name that is unknown).
   */
  static Charset lookup(String declared) {
    if (declared == null) return null;
    String name = declared.strip();
    while (name.length() > 1 && (name.startsWith("\"") || name.startsWith("'"))) name = name.substring(1);
    while (name.length() > 1 && (name.endsWith("\"") || name.endsWith("'") || name.endsWith(";"))) {
      name = name.substring(0, name.length() - 1);
    }
    name = name.strip().toLowerCase(Locale.ROOT);
    if (name.isEmpty() || name.length() > 64) return null;
    Optional<Charset> cached = CACHE.get(name);
    if (cached != null) return cached.orElse(null);
    Charset charset = resolve(name);
    if (CACHE.size() < MAX_CACHE) CACHE.put(name, Optional.ofNullable(charset));
    return charset;
  }

  private static Charset resolve(String name) {
    switch (name) {
      case "us-ascii", "ascii", "us", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "iso-ir-6", "csascii",
          "x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "none", "7bit", "8bit", "binary",
          "charset", "us-ascii;", "x-unknown-8bit", "utf-7", "unicode-1-1-utf-7", "x-utf-7" -> {
        return null;
      }
      default -> {
        // fall through to the table
      }
    }
    String alias = ALIASES.get(name);
    if (alias != null) {
      Charset charset = forName(alias);
      if (charset == null && alias.startsWith("x-windows-")) charset = forName(name);
      return charset;
    }
    Matcher iso = ISO_8859.matcher(name);
    if (iso.matches()) {
      return "1".equals(iso.group(1)) ? forName("windows-1252") : forName("ISO-8859-" + iso.group(1));
    }
    Matcher windows = WINDOWS.matcher(name);
    if (windows.matches()) {
      String alias2 = ALIASES.get("windows-" + windows.group(1));
      return forName(alias2 != null ? alias2 : "windows-" + windows.group(1));
    }
    Charset direct = forName(name);
    if (direct != null) return direct;
    Matcher ibm = IBM.matcher(name);
    if (ibm.matches()) {
      Charset c = forName("IBM" + ibm.group(1));
      return c != null ? c : forName("x-IBM" + ibm.group(1));
    }
    int star = name.indexOf('*');
    if (star > 0) return lookup(name.substring(0, star));
    return null;
  }

  private static Charset forName(String name) {
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Decodes {@code bytes} declared as {@code declared} (may be null); never throws. */
  static String decode(byte[] bytes, String declared) {
    return decode(bytes, 0, bytes.length, declared);
  }

  static String decode(byte[] bytes, int off, int len, String declared) {
    Charset charset = lookup(declared);
    if (charset == null) {
      charset = Utf8.isValid(bytes, off, len) ? StandardCharsets.UTF_8 : RawText.WINDOWS_1252;
    } else if (charset.equals(StandardCharsets.UTF_8)) {
      if (Utf8.scan(bytes, off, len, false) < 0) charset = RawText.WINDOWS_1252;
    } else if (charset.equals(RawText.WINDOWS_1252)) {
      if (Utf8.isMultiByte(bytes, off, len)) charset = StandardCharsets.UTF_8;
    }
    try {
      return new String(bytes, off, len, charset);
    } catch (RuntimeException e) {
      return new String(bytes, off, len, RawText.WINDOWS_1252);
    }
  }
}
