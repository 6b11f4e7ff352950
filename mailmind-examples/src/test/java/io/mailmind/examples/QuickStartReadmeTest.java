package io.mailmind.examples;

import static io.mailmind.examples.QuickStartReadme.element;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start cannot drift from the compiled example, nor its versions from the build's.
 * (That the quoted project builds and runs is QuickStartIT's part, in {@code verify}.)
 */
class QuickStartReadmeTest {
  private final QuickStartReadme readme = QuickStartReadme.read();

  @Test
  @DisplayName("the README quotes EmbeddingExample.java exactly, whole")
  void readmeQuotesTheCompiledExample() throws IOException {
    assertThat(readme.sourceFile()).hasFileName("EmbeddingExample.java");
    assertThat(readme.javaSource()).isEqualTo(Files.readString(readme.sourceFile()));
  }

  @Test
  @DisplayName("the README's dependencies name the versions the build uses, and the BOM the parent's version")
  void readmeNamesTheBuildsVersions() throws IOException {
    String parent = Files.readString(readme.root.resolve("pom.xml"));
    String bom = Files.readString(readme.root.resolve("mailmind-bom.xml"));
    String version = element(parent, "<artifactId>mailmind-parent</artifactId>", "version");
    String dependencies = readme.dependencies();

    assertThat(element(bom, "<artifactId>mailmind-bom</artifactId>", "version")).isEqualTo(version);
    assertThat(element(dependencies, "<artifactId>mailmind-bom</artifactId>", "version")).isEqualTo(version);
    assertThat(element(dependencies, "<artifactId>sqlite-jdbc</artifactId>", "version"))
        .isEqualTo(element(parent, "<properties>", "sqlite-jdbc.version"));
    assertThat(element(dependencies, "<artifactId>slf4j-simple</artifactId>", "version"))
        .isEqualTo(element(parent, "<properties>", "slf4j.version"));
  }

  @Test
  @DisplayName("the BOM names every published module of the parent")
  void bomNamesEveryModule() throws IOException {
    String bom = Files.readString(readme.root.resolve("mailmind-bom.xml"));
    assertThat(bom).contains("<artifactId>mailmind-core</artifactId>", "<artifactId>mailmind-jdbc</artifactId>",
        "<type>test-jar</type>");
    String parent = Files.readString(readme.root.resolve("pom.xml"));
    assertThat(parent).contains("<module>mailmind-bom.xml</module>", "<module>mailmind-core</module>",
        "<module>mailmind-jdbc</module>");
  }
}
