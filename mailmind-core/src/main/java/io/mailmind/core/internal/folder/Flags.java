package io.mailmind.core.internal.folder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** Flag lists in the stored order: system flags first, then keywords, each in byte order; never {@code \Recent}. */
public final class Flags {
  private Flags() {}

  public static List<String> normalize(Collection<String> flags) {
    List<String> system = new ArrayList<>();
    List<String> keywords = new ArrayList<>();
    for (String flag : new LinkedHashSet<>(flags)) {
      if (flag == null || flag.isEmpty() || flag.equalsIgnoreCase("\\Recent")) continue;
      (flag.startsWith("\\") ? system : keywords).add(flag);
    }
    system.sort(Flags::byteOrder);
    keywords.sort(Flags::byteOrder);
    system.addAll(keywords);
    return List.copyOf(system);
  }

  private static int byteOrder(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
