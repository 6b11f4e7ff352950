package io.mailmind.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmind.core.spi.MailStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OwnedStoreTest {

  @Test
  @DisplayName("the ownership fence forwards every MailStore method, so a method added to the SPI is not left to its default")
  void forwardsEveryMethod() {
    List<String> missing = new ArrayList<>();
    for (Method method : MailStore.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) continue;
      try {
        OwnedStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(method.toString());
      }
    }
    assertThat(missing).isEmpty();
  }
}
