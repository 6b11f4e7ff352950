package io.mailmind.core.internal.folder;

import java.util.List;

/** STAND-IN until the folder resolver lands. */
public final class FolderFilter {
  private FolderFilter() {}

  public static FolderFilter of(List<String> include, List<String> exclude) {
    return new FolderFilter();
  }

  public boolean accepts(String imapFolder) {
    return true;
  }
}
