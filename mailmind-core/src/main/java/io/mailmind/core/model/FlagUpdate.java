package io.mailmind.core.model;

import java.util.List;

/** New flags (and Gmail labels) of one UID; they replace the stored ones. */
public record FlagUpdate(long uid, List<String> flags, List<String> labels) {
  public FlagUpdate {
    flags = List.copyOf(flags == null ? List.of() : flags);
    labels = List.copyOf(labels == null ? List.of() : labels);
  }
}
