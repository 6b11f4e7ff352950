package io.mailmind.jdbc;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * mailmind-jdbc is a store like any host could write: from mailmind-core it uses only the public API (the root
 * package), the SPI and the model, and its tests add only the test kit. Its packages depend on each other
 * without cycles.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.mailmind.jdbc");
  private static final JavaClasses TESTS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
      .importPackages("io.mailmind.jdbc");

  @Test
  void usesOnlyTheApiSpiAndModelOfCore() {
    noClasses().should().dependOnClassesThat(resideInAPackage("io.mailmind.core..")
            .and(not(resideInAnyPackage("io.mailmind.core", "io.mailmind.core.spi..", "io.mailmind.core.model.."))))
        .check(MAIN);
  }

  @Test
  void testsUseOnlyTheApiSpiModelAndTestKitOfCore() {
    noClasses().should().dependOnClassesThat(resideInAnyPackage("io.mailmind.core..", "io.mailmind.testkit..")
            .and(not(resideInAnyPackage("io.mailmind.core", "io.mailmind.core.spi..", "io.mailmind.core.model..",
                "io.mailmind.testkit.."))))
        .check(TESTS);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.mailmind.jdbc.(**)").should().beFreeOfCycles().check(MAIN);
  }
}
