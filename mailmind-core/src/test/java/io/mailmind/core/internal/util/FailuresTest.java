package io.mailmind.core.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void unwrap_removesEveryFutureLayer() {
    IllegalStateException cause = new IllegalStateException("the task's own failure");
    assertThat(Failures.unwrap(new CompletionException(new ExecutionException(new CompletionException(cause)))))
        .isSameAs(cause);
  }

  @Test
  void unwrap_keepsOtherFailuresAndTheirCauses() {
    RuntimeException wrapper = new RuntimeException(new CompletionException(new IllegalStateException()));
    assertThat(Failures.unwrap(wrapper)).isSameAs(wrapper);
  }

  @Test
  void unwrap_keepsAWrapperWithoutCause() {
    CompletionException alone = new CompletionException("no cause", null);
    assertThat(Failures.unwrap(alone)).isSameAs(alone);
  }
}
