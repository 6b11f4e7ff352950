package io.mailmind.jdbc.docs;

import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.ContentState;
import io.mailmind.core.model.Folder;
import io.mailmind.core.model.SyncCheckpoint;
import io.mailmind.jdbc.JdbcMailStore;
import io.mailmind.jdbc.SqliteDataSources;
import io.mailmind.jdbc.docs.MigrationScripts.Column;
import io.mailmind.jdbc.docs.MigrationScripts.Relation;
import io.mailmind.testkit.TestMessages.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/schema.md against the migration scripts of every dialect: the tables and views they create, each table's
 * columns (kind and nullability), keys and indexes (columns, and in which dialects) are documented, and nothing
 * the scripts do not create. A new migration (say V4 with new tables) fails here until docs/schema.md describes it.
 */
class SchemaReferenceTest {
  private static final Map<String, String> DIALECTS = Map.of(
      "h2", "H2", "sqlite", "SQLite", "postgresql", "PostgreSQL", "mariadb", "MariaDB");
  private static final Path SCHEMA = Path.of("src/main/resources/io/mailmind/jdbc/schema");

  private static List<MigrationScripts> scripts;
  private static SchemaDoc doc;

  @BeforeAll
  static void read() throws IOException {
    scripts = new ArrayList<>();
    for (String dialect : new TreeSet<>(DIALECTS.keySet())) {
      scripts.add(MigrationScripts.read(DIALECTS.get(dialect), SCHEMA.resolve(dialect)));
    }
    doc = SchemaDoc.read(repositoryRoot().resolve("docs/schema.md"));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    return dir;
  }

  @Test
  @DisplayName("every dialect's scripts create the same tables and views")
  void dialectsAgreeOnRelations() {
    Set<String> first = scripts.get(0).relations().keySet();
    for (MigrationScripts dialect : scripts) {
      assertThat(dialect.relations().keySet()).as(dialect.dialect()).containsExactlyInAnyOrderElementsOf(first);
    }
  }

  @Test
  @DisplayName("every table and view the scripts create is documented, and nothing else")
  void everyRelationIsDocumented() {
    Set<String> created = new TreeSet<>();
    scripts.forEach(s -> created.addAll(s.relations().keySet()));
    assertThat(new TreeSet<>(doc.relations().keySet())).as("tables and views in docs/schema.md")
        .containsExactlyElementsOf(created);
    for (MigrationScripts dialect : scripts) {
      dialect.relations().values().forEach(r -> assertThat(doc.relations().get(r.name()).view())
          .as(r.name() + " is documented as a " + (r.view() ? "view" : "table")).isEqualTo(r.view()));
    }
  }

  @Test
  @DisplayName("every column of every table is documented with its kind and nullability, in every dialect")
  void everyColumnIsDocumented() {
    for (MigrationScripts dialect : scripts) {
      for (Relation table : dialect.relations().values()) {
        if (table.view()) continue;
        SchemaDoc.Relation documented = doc.relations().get(table.name());
        assertThat(documented).as(table.name() + " in docs/schema.md").isNotNull();
        assertThat(documented.columns().keySet()).as(dialect.dialect() + ": columns of " + table.name())
            .containsExactlyInAnyOrderElementsOf(table.columns().keySet());
        for (Column column : table.columns().values()) {
          SchemaDoc.Column described = documented.columns().get(column.name());
          String what = dialect.dialect() + ": " + table.name() + "." + column.name() + " " + column.type();
          assertThat(kinds(dialect.dialect(), column.type())).as(what).contains(described.kind());
          assertThat(described.nullable()).as(what + (column.nullable() ? " may be null" : " is NOT NULL"))
              .isEqualTo(column.nullable());
        }
      }
    }
  }

  @Test
  @DisplayName("every key and index is documented with its columns and the dialects that have it")
  void everyIndexIsDocumented() {
    for (String name : doc.relations().keySet()) {
      SchemaDoc.Relation documented = doc.relations().get(name);
      Map<String, Set<String>> dialectsOf = new LinkedHashMap<>();
      for (MigrationScripts dialect : scripts) {
        Relation table = dialect.relations().get(name);
        if (table == null) continue;
        table.indexes().forEach((index, columns) -> {
          dialectsOf.computeIfAbsent(index, i -> new TreeSet<>()).add(dialect.dialect());
          SchemaDoc.Index described = documented.indexes().get(index);
          assertThat(described).as(dialect.dialect() + ": index " + index + " of " + name + " is documented")
              .isNotNull();
          // PostgreSQL's hash indexes take one column: the documented columns are those of the other dialects.
          if (columns.size() == described.columns().size() || !dialect.dialect().equals("PostgreSQL")) {
            assertThat(columns).as(dialect.dialect() + ": columns of " + index).isEqualTo(described.columns());
          } else {
            assertThat(described.columns()).as(dialect.dialect() + ": columns of " + index).containsAll(columns);
          }
        });
      }
      assertThat(documented.indexes().keySet()).as("indexes of " + name + " in docs/schema.md")
          .containsExactlyInAnyOrderElementsOf(dialectsOf.keySet());
      documented.indexes().forEach((index, described) -> assertThat(dialectsOf.get(index))
          .as("the dialects that have " + index + " of " + name).isEqualTo(described.dialects()));
    }
  }

  @Test
  @DisplayName("the columns of the views are documented, as a SQLite store has them")
  void viewColumnsAreDocumented(@TempDir Path dir) throws SQLException {
    DataSource sqlite = SqliteDataSources.forFile(dir.resolve("views.db"));
    JdbcMailStore.builder(sqlite).build().close();
    try (Connection connection = sqlite.getConnection()) {
      for (SchemaDoc.Relation view : doc.relations().values()) {
        if (!view.view()) continue;
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, view.name(), null)) {
          while (rs.next()) columns.add(rs.getString("COLUMN_NAME"));
        }
        assertThat(view.columns().keySet()).as("columns of " + view.name()).containsExactlyElementsOf(columns);
      }
    }
  }

  @Test
  @DisplayName("content_state holds the names of ContentState, as documented")
  void contentStateValues(@TempDir Path dir) throws SQLException {
    DataSource sqlite = SqliteDataSources.forFile(dir.resolve("values.db"));
    Message stored = message(key(1));
    try (JdbcMailStore store = JdbcMailStore.builder(sqlite).build()) {
      store.upsertFolder(new Folder(stored.key().folder(), stored.metadata().folder(), List.of(), SyncCheckpoint.NONE));
      store.upsertMetadata(List.of(stored.metadata()));
    }
    try (Connection connection = sqlite.getConnection(); Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT content_state FROM mm_message_steps")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(ContentState.METADATA_ONLY.name());
    }
    String values = doc.relations().get("mm_message_steps").columns().get("content_state").values();
    assertThat(SchemaDoc.codeSpans(values)).as("the values documented for mm_message_steps.content_state")
        .containsExactlyElementsOf(Arrays.stream(ContentState.values()).map(Enum::name).toList());
  }

  /** The documented kinds a declared type may stand for in {@code dialect}. */
  static Set<String> kinds(String dialect, String declared) {
    String type = declared.toUpperCase(Locale.ROOT).replaceAll("\\(\\d+\\)", "");
    Set<String> kinds = new LinkedHashSet<>();
    switch (type) {
      case "BIGINT", "INT", "SMALLINT" -> kinds.add("integer");
      case "INTEGER" -> kinds.addAll(dialect.equals("SQLite") ? List.of("integer", "boolean") : List.of("integer"));
      case "VARCHAR", "CHARACTER LARGE OBJECT", "MEDIUMTEXT", "LONGTEXT" -> kinds.add("text");
      case "TEXT" -> kinds.addAll(dialect.equals("SQLite") ? List.of("text", "timestamp") : List.of("text"));
      case "BOOLEAN" -> kinds.add("boolean");
      case "BINARY LARGE OBJECT", "BLOB", "BYTEA", "MEDIUMBLOB", "LONGBLOB" -> kinds.add("bytes");
      case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATETIME" -> kinds.add("timestamp");
      default -> throw new IllegalStateException(dialect + ": a column type that no kind stands for: " + declared
          + " (add it to SchemaReferenceTest.kinds and to the kinds table of docs/schema.md)");
    }
    return kinds;
  }
}
