package dev.plimsoll.read;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Executable module boundaries (see ARCHITECTURE.md, "Modules"): the read side is a library of the
 * modules that read metrics (the query API, the alert evaluator); it knows none of them.
 */
class MetricsReadBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.read");

    @Test
    void theReadSideImportsNoAdapter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .because("the read side is shared by the query API and the alert evaluator")
                .check(CLASSES);
    }

    @Test
    void theReadSideHasNoHttpLayer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut.http..", "io.netty..")
                .because("HTTP belongs to the modules that serve it; the read side only reads")
                .check(CLASSES);
    }

    @Test
    void productionCodeDoesNotUseTestInfrastructure() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.plimsoll.infra..", "org.junit..", "org.testcontainers..")
                .check(CLASSES);
    }
}
