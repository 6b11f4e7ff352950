package io.mailmind.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A store author needs only mailmind-core: no Jakarta Mail, jsoup or flexmark type in the SPI, model or API. */
class ArchitectureTest {
  private static final List<String> FORBIDDEN = List.of("jakarta.", "org.jsoup.", "com.vladsch.", "org.eclipse.angus.");

  @Test
  void publicSignaturesOfApiSpiAndModelUseNoThirdPartyMailOrHtmlType() throws Exception {
    List<String> offences = new ArrayList<>();
    for (String pkg : List.of("io.mailmind.core", "io.mailmind.core.spi", "io.mailmind.core.model")) {
      for (Class<?> type : classesOf(pkg)) {
        if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) continue;
        for (Method method : type.getDeclaredMethods()) {
          if (!java.lang.reflect.Modifier.isPublic(method.getModifiers())) continue;
          check(offences, type, method.getName(), method.getGenericReturnType());
          for (Parameter parameter : method.getParameters()) check(offences, type, method.getName(), parameter.getParameterizedType());
        }
        if (type.isRecord()) {
          for (RecordComponent component : type.getRecordComponents()) {
            check(offences, type, component.getName(), component.getGenericType());
          }
        }
      }
    }
    assertThat(offences).isEmpty();
  }

  private static void check(List<String> offences, Class<?> owner, String member, Type type) {
    String name = type.getTypeName();
    for (String prefix : FORBIDDEN) {
      if (name.contains(prefix)) offences.add(owner.getName() + "." + member + " uses " + name);
    }
  }

  private static List<Class<?>> classesOf(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir = Path.of(Mailmind.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(pkg.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String simple = file.getFileName().toString().replace(".class", "");
        out.add(Class.forName(pkg + "." + simple));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
