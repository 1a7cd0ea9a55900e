package dev.materia.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's core (the asset graph, planning, partitions and selection: pure, no I/O) imports
 * none of its adapters (loading user code, execution, I/O managers, resources, snapshots, the
 * {@code Materializer} facade), and no runtime package imports another in a circle.
 */
class PackageLayersTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.materia.runtime");
  }

  @Test
  void noRuntimePackageImportsAnotherInACircle() {
    slices().matching("dev.materia.runtime.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theCoreImportsNoAdapter() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.materia.runtime.graph..",
            "dev.materia.runtime.plan..",
            "dev.materia.runtime.partitions..",
            "dev.materia.runtime.selection..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.materia.runtime",
            "dev.materia.runtime.execution..",
            "dev.materia.runtime.io..",
            "dev.materia.runtime.load..",
            "dev.materia.runtime.resources..",
            "dev.materia.runtime.snapshot..")
        .because("the core is pure: graph, plan, partitions and selection know no I/O")
        .check(classes);
  }
}
