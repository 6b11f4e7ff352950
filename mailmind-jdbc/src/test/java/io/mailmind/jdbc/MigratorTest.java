package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.jdbc.JdbcDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void splitsStatementsAtLineEndSemicolonsAndDropsComments() {
    String script = "-- a comment; with a semicolon\nCREATE TABLE x (\n  a INT -- not a comment line\n);\n\n"
        + "INSERT INTO x VALUES (1);\nSELECT ';' FROM x;";
    assertThat(Migrator.statements(script)).containsExactly(
        "CREATE TABLE x (\n  a INT -- not a comment line\n)", "INSERT INTO x VALUES (1)", "SELECT ';' FROM x");
  }

  @Test
  void everyDialectHasEveryScriptWithThePrefixFilledIn() {
    for (JdbcDialect dialect : JdbcDialect.values()) {
      List<String> scripts = Migrator.scripts(dialect, "abc_");
      assertThat(scripts).hasSize(Migrator.LATEST);
      for (String script : scripts) {
        assertThat(script).doesNotContain("${p}").contains("abc_schema_version");
        assertThat(Migrator.statements(script)).last().asString().startsWith("INSERT INTO abc_schema_version");
      }
    }
  }

  @Test
  void theCatalogListsATableInAnyLetterCaseAndNotItsLookAlikes() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:migrator-listed;DB_CLOSE_DELAY=-1");
    try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE abcxschema_version (a INT)"); // '_' is a wildcard in catalog patterns
      assertThat(Migrator.listed(connection, "abc_schema_version")).isFalse();
      statement.execute("CREATE TABLE abc_schema_version (a INT)"); // H2 keeps it as ABC_SCHEMA_VERSION
      assertThat(Migrator.listed(connection, "abc_schema_version")).isTrue();
      statement.execute("CREATE TABLE \"def_schema_version\" (a INT)");
      assertThat(Migrator.listed(connection, "DEF_SCHEMA_VERSION")).isTrue();
      statement.execute("DROP ALL OBJECTS");
    }
  }
}
