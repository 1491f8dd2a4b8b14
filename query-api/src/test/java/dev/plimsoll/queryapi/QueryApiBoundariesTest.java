package dev.plimsoll.queryapi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"). */
class QueryApiBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.queryapi");

    @Test
    void adaptersDoNotImportEachOther() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .because("adapters meet only in core types, Kafka topics and ClickHouse tables")
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
