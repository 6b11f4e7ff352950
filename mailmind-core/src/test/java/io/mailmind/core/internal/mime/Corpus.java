package io.mailmind.core.internal.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The test corpus under {@code src/test/resources/corpus} (see its README.md). */
final class Corpus {
  private Corpus() {}

  /** One message file: its path below {@code corpus/}, and its tags from INDEX.tsv. */
  record Entry(String path, Set<String> tags) {
    boolean tagged(String tag) {
      return tags.contains(tag);
    }

    @Override
    public String toString() {
      return path;
    }
  }

  static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    String index = new String(bytes("INDEX.tsv"), StandardCharsets.UTF_8);
    for (String line : index.split("\n")) {
      if (line.isBlank()) continue;
      String[] columns = line.split("\t");
      entries.add(new Entry(columns[0], Set.of(columns.length > 2 ? columns[2].split(";") : new String[0])));
    }
    return entries;
  }

  static byte[] bytes(String path) {
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + path)) {
      if (in == null) throw new IllegalArgumentException("no corpus file " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(String path) {
    URL url = Corpus.class.getResource("/corpus/" + path);
    if (url == null) throw new IllegalArgumentException("no corpus file " + path);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
