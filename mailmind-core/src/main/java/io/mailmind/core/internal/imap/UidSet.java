package io.mailmind.core.internal.imap;

import java.util.Arrays;

/** Formats UIDs as an IMAP sequence set: sorted, with ranges ({@code 1:5,8,10:12}). */
public final class UidSet {
  private UidSet() {}

  public static String of(long[] uids) {
    if (uids.length == 0) throw new IllegalArgumentException("uids was empty but a UID set needs at least one UID");
    long[] sorted = uids.clone();
    Arrays.sort(sorted);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] <= sorted[j] + 1) j++;
      if (out.length() > 0) out.append(',');
      out.append(sorted[i]);
      if (sorted[j] != sorted[i]) out.append(':').append(sorted[j]);
      i = j + 1;
    }
    return out.toString();
  }
}
