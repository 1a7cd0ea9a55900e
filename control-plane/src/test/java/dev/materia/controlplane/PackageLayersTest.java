package dev.materia.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane's packages go by feature over ground packages that import no feature: {@code
 * access} (who is calling, tenant transactions, roles), {@code api} (errors, the wire's rules) and
 * {@code signals} (LISTEN/NOTIFY) and {@code sql} (the JDBC steps stores share). Read over the
 * compiled classes, so a new import that closes a circle fails the build.
 */
class PackageLayersTest {
  private static final String[] GROUND = {
    "dev.materia.controlplane.access..",
    "dev.materia.controlplane.api..",
    "dev.materia.controlplane.signals..",
    "dev.materia.controlplane.sql.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.materia.controlplane");
  }

  @Test
  void noFeaturePackageImportsAnotherInACircle() {
    slices()
        .matching("dev.materia.controlplane.(*)..")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void theGroundPackagesImportNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage(GROUND)
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                    "dev.materia.controlplane..")
                .and(
                    com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                            GROUND))))
        .because("access, api, signals and sql are the ground every feature stands on")
        .check(classes);
  }
}
