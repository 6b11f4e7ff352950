package io.mailmind.core.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloseablesTest {
  @Test
  void closeQuietly_closesAndSwallowsCheckedAndRuntimeFailures() {
    AtomicInteger closed = new AtomicInteger();
    Closeables.closeQuietly(closed::incrementAndGet);
    Closeables.closeQuietly(() -> {
      closed.incrementAndGet();
      throw new IOException("broken");
    });
    Closeables.closeQuietly(() -> {
      closed.incrementAndGet();
      throw new IllegalStateException("broken");
    });
    assertThat(closed).hasValue(3);
  }

  @Test
  void closeQuietly_null() {
    assertThatCode(() -> Closeables.closeQuietly(null)).doesNotThrowAnyException();
  }

  @Test
  void closeQuietly_letsErrorsThrough() {
    assertThatThrownBy(() -> Closeables.closeQuietly(() -> {
      throw new OutOfMemoryError("real trouble");
    })).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void deleteQuietly_deletesAndIgnoresWhatCannotBeDeleted(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("spool.eml"), "x");
    Closeables.deleteQuietly(file);
    assertThat(file).doesNotExist();
    Closeables.deleteQuietly(file); // gone already
    Closeables.deleteQuietly(null);
    Path full = Files.createDirectory(dir.resolve("full"));
    Files.writeString(full.resolve("inside"), "x");
    Closeables.deleteQuietly(full); // a non-empty directory cannot be deleted: ignored
    assertThat(full).exists();
  }
}
