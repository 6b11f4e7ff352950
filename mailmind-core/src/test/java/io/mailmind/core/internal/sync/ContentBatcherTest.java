package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentBatcherTest {
  private static ContentBatcher.Sized m(long uid, long size) {
    return new ContentBatcher.Sized(uid, size);
  }

  @Test
  void splitsByCount() {
    assertThat(ContentBatcher.split(List.of(m(5, 1), m(4, 1), m(3, 1), m(2, 1), m(1, 1)), 2, 1_000))
        .containsExactly(List.of(5L, 4L), List.of(3L, 2L), List.of(1L));
  }

  @Test
  void splitsByBytesKeepingOrder() {
    assertThat(ContentBatcher.split(List.of(m(9, 400), m(8, 400), m(7, 400), m(6, 100)), 50, 1_000))
        .containsExactly(List.of(9L, 8L), List.of(7L, 6L));
  }

  @Test
  void aMessageLargerThanTheByteBoundGoesAlone() {
    assertThat(ContentBatcher.split(List.of(m(3, 10), m(2, 5_000), m(1, 10)), 50, 1_000))
        .containsExactly(List.of(3L), List.of(2L), List.of(1L));
  }

  @Test
  void nothingToSplit() {
    assertThat(ContentBatcher.split(List.of(), 50, 1_000)).isEmpty();
  }
}
