package io.mailmind.jdbc.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of docs/schema.md: a section {@code ## `mm_name`} (or {@code ## `mm_name` (view)}) per table or view,
 * with a column table ({@code | column | kind | null | unit / values | holds |}) and, for tables, a key and index
 * table ({@code | key or index | columns | in | used for |}).
 */
record SchemaDoc(Map<String, Relation> relations) {

  record Relation(String name, boolean view, Map<String, Column> columns, Map<String, Index> indexes) {}

  /** A documented column: {@code kind} as in the kinds table, {@code nullable} from the null cell (yes/no). */
  record Column(String name, String kind, boolean nullable, String values) {}

  /** A documented key or index: its columns in order, and the dialects that have it. */
  record Index(String name, List<String> columns, Set<String> dialects) {}

  private static final Pattern SECTION = Pattern.compile("^## `(mm_\\w+)`( \\(view\\))?\\s*$");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");
  private static final Set<String> ALL = Set.of("H2", "SQLite", "PostgreSQL", "MariaDB");

  static SchemaDoc read(Path file) throws IOException {
    Map<String, Relation> relations = new LinkedHashMap<>();
    Relation current = null;
    String table = null; // "column" or "index": the header of the markdown table being read
    for (String line : Files.readAllLines(file)) {
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        boolean view = section.group(2) != null;
        current = new Relation(section.group(1), view, new LinkedHashMap<>(), new LinkedHashMap<>());
        if (relations.put(current.name(), current) != null) throw new IllegalStateException("twice: " + line);
        table = null;
        continue;
      }
      if (line.startsWith("## ")) {
        current = null;
        continue;
      }
      if (current == null || !line.startsWith("|")) {
        table = null;
        continue;
      }
      List<String> cells = cells(line);
      if (cells.get(0).equals("column")) {
        table = "column";
      } else if (cells.get(0).equals("key or index")) {
        table = "index";
      } else if (cells.get(0).startsWith("---")) {
        continue;
      } else if ("column".equals(table)) {
        String name = codeSpans(cells.get(0)).get(0);
        current.columns().put(name, new Column(name, cells.get(1), nullable(cells.get(2), line), cells.get(3)));
      } else if ("index".equals(table)) {
        String name = cells.get(0).startsWith("primary key") ? MigrationScripts.PRIMARY_KEY
            : codeSpans(cells.get(0)).get(0);
        List<String> columns = Arrays.stream(codeSpans(cells.get(1)).get(0).split(",")).map(String::strip).toList();
        current.indexes().put(name, new Index(name, columns, dialects(cells.get(2))));
      }
    }
    return new SchemaDoc(relations);
  }

  /** The text of each {@code `code span`} in {@code markdown}. */
  static List<String> codeSpans(String markdown) {
    List<String> spans = new ArrayList<>();
    Matcher m = CODE.matcher(markdown);
    while (m.find()) spans.add(m.group(1));
    return spans;
  }

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  private static boolean nullable(String cell, String line) {
    if (cell.equals("yes")) return true;
    if (cell.equals("no")) return false;
    throw new IllegalStateException("the null cell must be yes or no: " + line);
  }

  private static Set<String> dialects(String cell) {
    if (cell.equals("all")) return new TreeSet<>(ALL);
    Set<String> dialects = new TreeSet<>();
    for (String part : cell.split(",")) {
      String dialect = part.strip();
      if (!ALL.contains(dialect)) throw new IllegalStateException("not a dialect: " + dialect);
      dialects.add(dialect);
    }
    return dialects;
  }
}
