package io.mailmind.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's quick start: the Java file it quotes between {@code <!-- quick-start: PATH -->} and
 * {@code <!-- /quick-start -->}, and the dependencies between {@code <!-- quick-start-dependencies ... -->} and
 * {@code <!-- /quick-start-dependencies -->}, each in one fenced code block.
 */
final class QuickStartReadme {
  private static final Pattern SOURCE = Pattern.compile(
      "<!-- quick-start: (\\S+) -->\\n```java\\n(.*?)```\\n<!-- /quick-start -->", Pattern.DOTALL);
  private static final Pattern DEPENDENCIES = Pattern.compile(
      "<!-- quick-start-dependencies[^>]*-->\\n```xml\\n(.*?)```\\n<!-- /quick-start-dependencies -->", Pattern.DOTALL);

  final Path root;
  final String readme;

  private QuickStartReadme(Path root, String readme) {
    this.root = root;
    this.readme = readme;
  }

  static QuickStartReadme read() {
    Path root = root();
    try {
      return new QuickStartReadme(root, Files.readString(root.resolve("README.md")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's root: the first directory above the working directory with the Maven wrapper. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    return dir;
  }

  private Matcher source() {
    Matcher m = SOURCE.matcher(readme);
    if (!m.find()) throw new AssertionError("README.md has no <!-- quick-start: PATH --> java block");
    return m;
  }

  /** The path (from the root) of the file the README quotes. */
  Path sourceFile() {
    return root.resolve(source().group(1));
  }

  /** The Java source as quoted. */
  String javaSource() {
    return source().group(2);
  }

  /** The XML of the dependencies block as quoted. */
  String dependencies() {
    Matcher m = DEPENDENCIES.matcher(readme);
    if (!m.find()) throw new AssertionError("README.md has no <!-- quick-start-dependencies --> xml block");
    return m.group(1);
  }

  /** The text of the first {@code <tag>} after {@code after} in {@code xml}. */
  static String element(String xml, String after, String tag) {
    int from = xml.indexOf(after);
    if (from < 0) throw new AssertionError("no " + after);
    Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(xml);
    if (!m.find(from)) throw new AssertionError("no <" + tag + "> after " + after);
    return m.group(1).strip();
  }
}
