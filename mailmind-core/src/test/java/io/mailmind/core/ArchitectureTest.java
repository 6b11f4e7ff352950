package io.mailmind.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package rules of mailmind-core. A store author needs only mailmind-core: the SPI and the model use no
 * Jakarta Mail, Angus, jsoup or flexmark type and nothing from {@code internal}, and the public API's signatures
 * show neither. The engine's packages depend on each other without cycles, so each can be read on its own.
 */
class ArchitectureTest {
  private static final String[] THIRD_PARTY_MAIL_OR_HTML =
      {"jakarta..", "org.eclipse.angus..", "org.jsoup..", "com.vladsch.flexmark.."};
  private static final String[] NOT_IN_PUBLIC_SIGNATURES =
      {"jakarta..", "org.eclipse.angus..", "org.jsoup..", "com.vladsch.flexmark..", "io.mailmind.core.internal.."};

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.mailmind.core");

  @Test
  void spiAndModelDependOnNoInternalPackage() {
    noClasses().that().resideInAnyPackage("io.mailmind.core.spi..", "io.mailmind.core.model..")
        .should().dependOnClassesThat().resideInAPackage("io.mailmind.core.internal..")
        .check(CORE);
  }

  @Test
  void spiAndModelDependOnNoMailOrHtmlLibrary() {
    noClasses().that().resideInAnyPackage("io.mailmind.core.spi..", "io.mailmind.core.model..")
        .should().dependOnClassesThat().resideInAnyPackage(THIRD_PARTY_MAIL_OR_HTML)
        .check(CORE);
  }

  @Test
  void publicSignaturesOfApiSpiAndModelShowNoInternalOrMailOrHtmlType() {
    codeUnits().that().arePublic()
        .and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat()
        .resideInAnyPackage("io.mailmind.core", "io.mailmind.core.spi", "io.mailmind.core.model")
        .should(useNoTypeFrom(NOT_IN_PUBLIC_SIGNATURES))
        .check(CORE);
  }

  /** Micrometer is optional: only the binder's package may refer to it, so core loads without it. */
  @Test
  void onlyTheMetricsPackageRefersToMicrometer() {
    noClasses().that().resideOutsideOfPackage("io.mailmind.core.metrics..")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
        .check(CORE);
  }

  @Test
  void enginePackagesAreFreeOfCycles() {
    slices().matching("io.mailmind.core.(**)").should().beFreeOfCycles().check(CORE);
  }

  /** No parameter or return type, type argument included, from these packages. */
  private static ArchCondition<JavaCodeUnit> useNoTypeFrom(String... packages) {
    return new ArchCondition<>("use no type from " + String.join(", ", packages) + " in its signature") {
      @Override
      public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
        List<JavaType> signature = new ArrayList<>(codeUnit.getParameterTypes());
        signature.add(codeUnit.getReturnType());
        for (JavaType type : signature) {
          for (JavaClass involved : type.getAllInvolvedRawTypes()) {
            if (involved.getPackage().getName().isEmpty()) continue;
            if (JavaClass.Predicates.resideInAnyPackage(packages).test(involved)) {
              events.add(SimpleConditionEvent.violated(codeUnit,
                  codeUnit.getFullName() + " uses " + involved.getName()));
            }
          }
        }
      }
    };
  }
}
