package dev.plimsoll.ingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"). */
class IngestBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.ingest");

    @Test
    void adaptersDoNotImportEachOther() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.read..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .because("adapters meet only in core types, Kafka topics and ClickHouse tables")
                .check(CLASSES);
    }

    @Test
    void theClientNeedsNeitherMicronautNorKafka() {
        noClasses()
                .that()
                .resideInAPackage("dev.plimsoll.ingest.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.micronaut..",
                        "org.apache.kafka..",
                        "io.netty..",
                        "dev.plimsoll.ingest.http..")
                .because("services embed the client; it must stay a small JDK-HttpClient library")
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
