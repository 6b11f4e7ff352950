package io.mailmind.jdbc;

import static io.mailmind.testkit.TestMessages.key;
import static io.mailmind.testkit.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.model.RenderedBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresJdbcStoreTest extends JdbcStoreTest {
  private static final TestDatabase db = TestDatabase.postgres();

  @BeforeAll
  static void start() throws Exception {
    db.start();
  }

  @AfterAll
  static void stop() throws Exception {
    db.stop();
  }

  @Override
  TestDatabase db() {
    return db;
  }

  @Test
  @DisplayName("schema version 7: message texts are compressed with LZ4 where the server has it, and read back whole")
  void messageTextsCompressedWithLz4() throws Exception {
    boolean lz4 = count("SELECT COUNT(*) FROM pg_settings WHERE name = 'default_toast_compression'"
        + " AND 'lz4' = ANY (enumvals)") == 1;
    for (String column : List.of("message_bodies.raw_headers", "message_bodies.body_text",
        "message_bodies.body_html", "message_rendered.markdown", "message_rendered.new_text")) {
      String[] tableColumn = column.split("\\.");
      String compression = string("SELECT attcompression FROM pg_attribute WHERE attrelid = '${p}" + tableColumn[0]
          + "'::regclass AND attname = '" + tableColumn[1] + "'");
      if (lz4) assertThat(compression).as(column).isEqualTo("l");
      else assertThat(compression).as(column).isNotEqualTo("l");
    }
    // A value large enough to be compressed (over 2 kB) is, and comes back unchanged.
    String html = "<p>" + "Quarterly numbers, line after line. ".repeat(400) + "</p>";
    String markdown = "Quarterly numbers, line after line. ".repeat(400);
    storeComplete(store, message(key(1)).html(html));
    store.storeRendered(Map.of(key(1), new RenderedBody(markdown, markdown)));
    assertThat(store.html(key(1))).contains(html);
    assertThat(store.message(key(1)).orElseThrow().markdown()).isEqualTo(markdown);
    if (lz4) {
      assertThat(string("SELECT pg_column_compression(body_html) FROM ${p}message_bodies")).isEqualTo("lz4");
      assertThat(string("SELECT pg_column_compression(markdown) FROM ${p}message_rendered")).isEqualTo("lz4");
    }
  }
}
