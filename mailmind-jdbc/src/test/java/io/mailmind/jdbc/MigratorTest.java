package io.mailmind.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.jdbc.JdbcDialect;
import java.util.List;
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
}
