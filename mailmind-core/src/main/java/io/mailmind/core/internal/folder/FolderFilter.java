package io.mailmind.core.internal.folder;

import java.util.List;
import java.util.Objects;

/**
 * Which folders to sync: include and exclude globs matched on the decoded server name ({@link
 * FolderNames#imapFolderOfDecoded}). {@code *} matches any run of characters, {@code /} included; {@code ?} matches one
 * character (code point); every other character matches itself (there is no escape). Matching is case-sensitive,
 * except that a leading {@code INBOX} level of the name (the whole name, or before its first {@code /}) matches in
 * any case, as IMAP makes INBOX case-insensitive: {@code inbox/*} accepts {@code INBOX/Orders}. A folder is accepted
 * when the include list is empty or one include glob matches, and no exclude glob matches. Immutable and
 * thread-safe.
 */
public final class FolderFilter {

  private final List<int[]> include;
  private final List<int[]> exclude;

  private FolderFilter(List<int[]> include, List<int[]> exclude) {
    this.include = include;
    this.exclude = exclude;
  }

  /**
   * @param include globs of the folders to sync; empty for all
   * @param exclude globs of the folders to skip, even when included
   * @throws NullPointerException     when a list or a glob is null
   * @throws IllegalArgumentException when a glob is empty
   */
  public static FolderFilter of(List<String> include, List<String> exclude) {
    Objects.requireNonNull(include, "include");
    Objects.requireNonNull(exclude, "exclude");
    return new FolderFilter(compile(include, "include"), compile(exclude, "exclude"));
  }

  private static List<int[]> compile(List<String> globs, String what) {
    return globs.stream().map(glob -> {
      Objects.requireNonNull(glob, what + " contains null");
      if (glob.isEmpty()) {
        throw new IllegalArgumentException(what + " glob was '' but it must not be empty");
      }
      return glob.codePoints().toArray();
    }).toList();
  }

  /** True when the folder with this decoded server name is to be synced. */
  public boolean accepts(String imapFolder) {
    Objects.requireNonNull(imapFolder, "imapFolder");
    int[] name = imapFolder.codePoints().toArray();
    int inboxPrefix = inboxPrefixLength(imapFolder);
    if (!include.isEmpty() && include.stream().noneMatch(glob -> matches(glob, name, inboxPrefix))) return false;
    return exclude.stream().noneMatch(glob -> matches(glob, name, inboxPrefix));
  }

  /** 5 when the name's first level is INBOX in any case, else 0. */
  private static int inboxPrefixLength(String name) {
    boolean inbox = name.regionMatches(true, 0, "INBOX", 0, 5)
        && (name.length() == 5 || name.charAt(5) == '/');
    return inbox ? 5 : 0;
  }

  /**
   * Glob matching with backtracking to the last {@code *} only, which is linear in practice and never
   * exponential. Name positions below {@code caseless} compare ASCII case-insensitively.
   */
  private static boolean matches(int[] glob, int[] name, int caseless) {
    int g = 0;
    int n = 0;
    int starG = -1;
    int starN = 0;
    while (n < name.length) {
      if (g < glob.length && glob[g] == '*') {
        starG = g++;
        starN = n;
      } else if (g < glob.length && (glob[g] == '?' || same(glob[g], name[n], n < caseless))) {
        g++;
        n++;
      } else if (starG >= 0) {
        g = starG + 1;
        n = ++starN;
      } else {
        return false;
      }
    }
    while (g < glob.length && glob[g] == '*') {
      g++;
    }
    return g == glob.length;
  }

  private static boolean same(int globChar, int nameChar, boolean caseless) {
    if (globChar == nameChar) return true;
    return caseless && globChar < 128 && nameChar < 128
        && Character.toLowerCase(globChar) == Character.toLowerCase(nameChar);
  }
}
