package dev.plimsoll.infra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"). */
class InfraBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.infra");

    @Test
    void infraDependsOnlyOnCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.read..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .check(CLASSES);
    }

    @Test
    void onlyTheTestingPackageUsesJUnitOrTestcontainers() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.plimsoll.infra.testing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..", "org.testcontainers..")
                .because("the app ships infra; JUnit and Testcontainers are optional dependencies")
                .check(CLASSES);
    }
}
