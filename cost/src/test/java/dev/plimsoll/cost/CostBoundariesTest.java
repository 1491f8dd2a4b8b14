package dev.plimsoll.cost;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules", and ADR 0015). */
class CostBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.cost");

    @Test
    void adaptersDoNotImportEachOther() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.read..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .because("adapters meet only in core types, Kafka topics and ClickHouse tables")
                .check(CLASSES);
    }

    @Test
    void theJobDoesNotUseKafkaStreamsOrMicronaut() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.streams..", "io.micronaut..", "org.rocksdb..")
                .because(
                        "the cost job runs on Flink alone, inside the app or on a Flink cluster"
                                + " (ADR 0015)")
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
