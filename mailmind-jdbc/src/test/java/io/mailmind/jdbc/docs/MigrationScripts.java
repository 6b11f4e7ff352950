package io.mailmind.jdbc.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the migration scripts of one dialect create, read from their text: tables and views, each table's columns
 * (declared type, nullability; added and dropped by ALTER TABLE on one line) and keys and indexes (name, columns). Relies on the scripts' conventions: one column
 * or constraint per line inside {@code CREATE TABLE ... (}, statements ending with a semicolon at the end of a
 * line, {@code ${p}} for the table prefix (read as {@code mm_}).
 */
record MigrationScripts(String dialect, Map<String, Relation> relations) {

  /** A table (with columns and indexes) or a view (columns unknown from the text). */
  record Relation(String name, boolean view, Map<String, Column> columns, Map<String, List<String>> indexes) {}

  /** A column as declared: the type words before any constraint keyword, and whether it may be null. */
  record Column(String name, String type, boolean nullable) {}

  /** The name an inline {@code PRIMARY KEY} of a column gets in {@link Relation#indexes()}. */
  static final String PRIMARY_KEY = "primary key";

  private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^CREATE TABLE IF NOT EXISTS (\\S+) \\($");
  private static final Pattern CREATE_VIEW = Pattern.compile("(?i)^CREATE (?:OR REPLACE )?VIEW (\\S+) AS\\b.*");
  private static final Pattern CREATE_INDEX = Pattern.compile(
      "(?i)^CREATE (UNIQUE )?INDEX (?:IF NOT EXISTS )?(\\S+) ON (\\S+)(?: USING \\w+)? \\((.*)\\);$");
  private static final Pattern ADD_COLUMN = Pattern.compile(
      "(?i)^ALTER TABLE (\\S+) ADD COLUMN (?:IF NOT EXISTS )?(\\w+) (.*);$");
  /** {@code ALTER TABLE t DROP COLUMN [IF EXISTS] a, DROP COLUMN b[, FORCE]} or H2's {@code DROP COLUMN a, b}. */
  private static final Pattern DROP_COLUMNS = Pattern.compile("(?i)^ALTER TABLE (\\S+) DROP COLUMN (.*);$");
  private static final Pattern DROP_WORDS = Pattern.compile("(?i)\\b(?:DROP COLUMN|IF EXISTS)\\b");
  /** {@code DROP INDEX [IF EXISTS] i [ON t]}. */
  private static final Pattern DROP_INDEX = Pattern.compile("(?i)^DROP INDEX (?:IF EXISTS )?(\\S+)(?: ON \\S+)?;$");
  /** {@code DROP TABLE [IF EXISTS] t} or {@code DROP VIEW [IF EXISTS] v}: the relation and its indexes go. */
  private static final Pattern DROP_RELATION = Pattern.compile("(?i)^DROP (?:TABLE|VIEW) (?:IF EXISTS )?(\\S+);$");
  /** {@code ALTER TABLE a RENAME TO b}: SQLite's way to make a table again. */
  private static final Pattern RENAME = Pattern.compile("(?i)^ALTER TABLE (\\S+) RENAME TO (\\S+);$");
  private static final Pattern CONSTRAINT_KEY = Pattern.compile(
      "(?i)^CONSTRAINT (\\S+) (?:PRIMARY KEY|UNIQUE) \\((.*)\\),?$");
  private static final Pattern INLINE_INDEX = Pattern.compile("(?i)^(?:UNIQUE )?(?:INDEX|KEY) (\\S+) \\((.*)\\),?$");
  private static final Pattern COLUMN = Pattern.compile("^(\\w+) (.*?),?$");
  private static final Pattern TYPE_END = Pattern.compile(
      "(?i)\\s+(?:NOT NULL|NULL|DEFAULT|PRIMARY KEY|GENERATED|AUTO_INCREMENT|COLLATE|CHECK|REFERENCES|UNIQUE)\\b.*$");

  /** The scripts {@code V*.sql} of {@code directory}, in version order. */
  static MigrationScripts read(String dialect, Path directory) {
    Map<String, Relation> relations = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
      for (Path script : scripts) parse(Files.readAllLines(script), relations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MigrationScripts(dialect, relations);
  }

  private static int version(Path script) {
    String name = script.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }

  private static void parse(List<String> lines, Map<String, Relation> relations) {
    Relation table = null;
    for (String raw : lines) {
      String line = raw.replace("${p}", "mm_").strip();
      if (line.startsWith("--") || line.isEmpty()) continue;
      if (table != null) {
        if (line.startsWith(")")) {
          table = null;
        } else {
          tableLine(table, line);
        }
        continue;
      }
      Matcher m;
      if ((m = CREATE_TABLE.matcher(line)).matches()) {
        table = relations.computeIfAbsent(m.group(1), name -> newRelation(name, false));
      } else if ((m = CREATE_VIEW.matcher(line)).matches()) {
        relations.computeIfAbsent(m.group(1), name -> newRelation(name, true));
      } else if ((m = CREATE_INDEX.matcher(line)).matches()) {
        relations.get(m.group(3)).indexes().put(m.group(2), columns(m.group(4)));
      } else if ((m = ADD_COLUMN.matcher(line)).matches()) {
        Column column = column(m.group(2), m.group(3));
        relations.get(m.group(1)).columns().put(column.name(), column);
      } else if ((m = DROP_INDEX.matcher(line)).matches()) {
        String index = m.group(1);
        relations.values().forEach(relation -> relation.indexes().remove(index));
      } else if ((m = DROP_RELATION.matcher(line)).matches()) {
        relations.remove(m.group(1));
      } else if ((m = RENAME.matcher(line)).matches()) {
        Relation old = relations.remove(m.group(1));
        relations.put(m.group(2), new Relation(m.group(2), old.view(), old.columns(), old.indexes()));
      } else if ((m = DROP_COLUMNS.matcher(line)).matches()) {
        for (String part : m.group(2).split(",")) {
          String name = DROP_WORDS.matcher(part).replaceAll("").strip();
          if (name.equalsIgnoreCase("FORCE")) continue; // MariaDB: rebuild the table
          if (relations.get(m.group(1)).columns().remove(name) == null) {
            throw new IllegalStateException("a DROP COLUMN of a column that " + m.group(1) + " does not have: " + name);
          }
        }
      }
    }
  }

  private static Relation newRelation(String name, boolean view) {
    return new Relation(name, view, new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  private static void tableLine(Relation table, String line) {
    Matcher m;
    if ((m = CONSTRAINT_KEY.matcher(line)).matches()) {
      table.indexes().put(m.group(1), columns(m.group(2)));
    } else if ((m = INLINE_INDEX.matcher(line)).matches()) {
      table.indexes().put(m.group(1), columns(m.group(2)));
    } else if (line.toUpperCase(Locale.ROOT).startsWith("CONSTRAINT ")) {
      // a foreign key or a check: not an index
    } else if ((m = COLUMN.matcher(line)).matches()) {
      Column column = column(m.group(1), m.group(2));
      table.columns().put(column.name(), column);
      if (m.group(2).toUpperCase(Locale.ROOT).contains("PRIMARY KEY")) {
        table.indexes().put(PRIMARY_KEY, List.of(column.name()));
      }
    } else {
      throw new IllegalStateException("a line of CREATE TABLE " + table.name() + " that is not understood: " + line);
    }
  }

  private static Column column(String name, String declaration) {
    String upper = declaration.toUpperCase(Locale.ROOT);
    String type = TYPE_END.matcher(declaration).replaceFirst("").strip();
    boolean nullable = !upper.contains("NOT NULL") && !upper.contains("PRIMARY KEY");
    return new Column(name, type, nullable);
  }

  /** {@code a, b(255), c} as {@code [a, b, c]}: MariaDB's prefix lengths dropped. */
  private static List<String> columns(String list) {
    List<String> columns = new ArrayList<>();
    for (String part : list.split(",")) columns.add(part.strip().replaceAll("\\(\\d+\\)$", ""));
    return List.copyOf(columns);
  }
}
