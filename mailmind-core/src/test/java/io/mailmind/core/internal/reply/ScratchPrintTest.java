package io.mailmind.core.internal.reply;

import io.mailmind.core.internal.mime.HtmlToMarkdown;
import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScratchPrintTest {
  @Test
  void print() throws Exception {
    HtmlToMarkdown c = new HtmlToMarkdown(2_000_000, 500_000, Duration.ofSeconds(10));
    for (Field f : ReplyFixtures.class.getDeclaredFields()) {
      if (f.getType() != String.class) continue;
      f.setAccessible(true);
      HtmlToMarkdown.Rendered r = c.convertWithNewText((String) f.get(null));
      System.out.println("=== " + f.getName() + "\n--- markdown:\n" + r.markdown() + "\n--- new text:\n" + r.newText() + "\n");
    }
  }
}
